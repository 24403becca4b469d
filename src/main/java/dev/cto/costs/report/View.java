package dev.cto.costs.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A report laid out for people, independent of the output format: a title, key facts, tables and
 * notes. Table, Markdown and CSV renderers all draw from this, so they always show the same
 * numbers. Each cell keeps its raw value (for CSV) next to its display form.
 */
public record View(String title, String markdownTitle, List<Fact> facts, List<Section> sections, List<String> notes) {

  /** What a value says about the budget: a terminal shows it in colour (green, yellow, red). */
  public enum Tone {
    NONE, OK, WARNING, ERROR;

    public static Tone of(String thresholdStatus) {
      return thresholdStatus == null ? NONE : switch (thresholdStatus) {
        case "ok" -> OK;
        case "warning" -> WARNING;
        case "error" -> ERROR;
        default -> NONE;
      };
    }
  }

  public record Fact(String label, String value, Tone tone) {}

  public record Cell(String raw, String display, boolean numeric, Tone tone) {
    public static Cell text(String s) {
      return new Cell(s == null ? "" : s, s == null ? "-" : s, false, Tone.NONE);
    }

    public static Cell status(String thresholdStatus) {
      return new Cell(thresholdStatus == null ? "" : thresholdStatus, thresholdStatus == null ? "-" : thresholdStatus, false,
          Tone.of(thresholdStatus));
    }

    public static Cell count(long n) {
      return new Cell(Long.toString(n), Numbers.count(n), true, Tone.NONE);
    }

    public static Cell money(java.math.BigDecimal usd) {
      return new Cell(usd == null ? "" : usd.toPlainString(), Numbers.dollars(usd), true, Tone.NONE);
    }

    public static Cell percent(java.math.BigDecimal p) {
      return new Cell(p == null ? "" : p.toPlainString(), Numbers.percent(p), true, Tone.NONE);
    }
  }

  public record Section(String title, List<String> columns, List<List<Cell>> rows) {}

  public static Builder builder(String title) {
    return new Builder(title, Escape.markdown(title));
  }

  /**
   * A title that holds a stored name: {@code markdownTitle} has only that name escaped, so our own
   * words (such as the PR's own {@code #123}) stay as written.
   */
  public static Builder builder(String title, String markdownTitle) {
    return new Builder(title, markdownTitle);
  }

  public static final class Builder {
    private final String title;
    private final String markdownTitle;
    private final List<Fact> facts = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Builder(String title, String markdownTitle) {
      this.title = title;
      this.markdownTitle = markdownTitle;
    }

    public Builder fact(String label, String value) {
      return fact(label, value, Tone.NONE);
    }

    public Builder fact(String label, String value, Tone tone) {
      facts.add(new Fact(label, value, tone));
      return this;
    }

    public Builder section(String sectionTitle, List<String> columns, List<List<Cell>> rows) {
      if (!rows.isEmpty()) {
        sections.add(new Section(sectionTitle, columns, rows));
      }
      return this;
    }

    public Builder note(String note) {
      notes.add(note);
      return this;
    }

    public View build() {
      return new View(title, markdownTitle, facts, sections, notes);
    }
  }
}
