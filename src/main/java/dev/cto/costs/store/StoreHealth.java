package dev.cto.costs.store;

/**
 * What the store can do right now: {@code /readyz}, the store-state metric and fail-fast answers
 * read it without touching the database.
 *
 * @param condition what is wrong, or {@link Condition#UP}
 * @param detail the database's own words for the fault (empty when up); never a password
 */
public record StoreHealth(Condition condition, String detail) {

  public static final StoreHealth UP = new StoreHealth(Condition.UP, "");

  /** The faults the store tells apart; each has its own answer for operators. */
  public enum Condition {
    UP("ok", false, false),
    /** PostgreSQL cannot be reached (or refuses connections). */
    UNREACHABLE("unreachable", true, true),
    /** No space left for the database or its log; reads still work. */
    DISK_FULL("disk full", false, true),
    /** The database or its directory cannot be written; reads still work. */
    READ_ONLY("read-only", false, true),
    /** The SQLite file at the configured path was deleted or replaced while this process used it. */
    FILE_GONE("database file deleted or replaced", true, true),
    /** The storage reports I/O errors. */
    IO_ERROR("I/O error", true, true);

    private final String label;
    private final boolean blocksReads;
    private final boolean blocksWrites;

    Condition(String label, boolean blocksReads, boolean blocksWrites) {
      this.label = label;
      this.blocksReads = blocksReads;
      this.blocksWrites = blocksWrites;
    }

    /** Short words for {@code /readyz} and logs, e.g. "disk full". */
    public String label() {
      return label;
    }

    public boolean blocks(boolean write) {
      return write ? blocksWrites : blocksReads;
    }
  }

  public boolean isUp() {
    return condition == Condition.UP;
  }
}
