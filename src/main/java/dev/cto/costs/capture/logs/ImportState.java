package dev.cto.costs.capture.logs;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per file, what earlier imports read: a small JSON file (next to the database by default), so a
 * re-run reads only appended bytes. Losing it costs time, not correctness: records are
 * de-duplicated by id in the store.
 */
public final class ImportState {

  private static final TypeReference<TreeMap<String, FileState>> TYPE = new TypeReference<>() {};

  private final Path file;
  private final Map<String, FileState> files;
  private boolean changed;

  private ImportState(Path file, Map<String, FileState> files) {
    this.file = file;
    this.files = files;
  }

  /** An empty state that is never saved (dry runs). */
  public static ImportState inMemory() {
    return new ImportState(null, new TreeMap<>());
  }

  public static ImportState load(Path file) {
    if (!Files.exists(file)) {
      return new ImportState(file, new TreeMap<>());
    }
    try {
      return new ImportState(file, Json.MAPPER.readValue(file.toFile(), TYPE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the import state " + file + " (delete it to import from scratch)", e);
    }
  }

  FileState get(Path log) {
    return files.get(key(log));
  }

  void put(Path log, FileState state) {
    files.put(key(log), state);
    changed = true;
  }

  /** Written to a temporary file and moved over the old one, so a crash leaves the old or the new state. */
  public void save() {
    if (file == null || !changed) {
      return; // a run that read nothing new leaves the file as it is
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), files);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the import state " + file, e);
    }
  }

  private static String key(Path log) {
    return log.toAbsolutePath().normalize().toString();
  }
}
