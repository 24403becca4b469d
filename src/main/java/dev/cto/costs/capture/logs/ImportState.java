package dev.cto.costs.capture.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per file, what earlier imports read: a small JSON file (next to the database by default), so a
 * re-run reads only appended bytes. Losing it costs time, not correctness: records are
 * de-duplicated by id in the store.
 */
public final class ImportState {

  /**
   * Read and written with Jackson's streaming parser and generator, not data binding: a re-run of
   * thousands of files spent a fifth of a second setting up the binding of {@link FileState}, longer
   * than reading the file. The JSON is the same either way.
   */
  private static final JsonFactory JSON = JsonFactory.builder()
      .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES) // the keys are paths, each seen once: nothing to share
      .build();

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
      return new ImportState(file, read(file));
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
      write(tmp, new TreeMap<>(files)); // sorted: the file reads (and diffs) by folder
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the import state " + file, e);
    }
  }

  /** Into a hash map: a re-run looks up every file once, and long paths share long prefixes to compare. */
  private static Map<String, FileState> read(Path file) throws IOException {
    Map<String, FileState> files = new HashMap<>();
    try (JsonParser p = JSON.createParser(file.toFile())) {
      expect(p, p.nextToken(), JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String log = p.currentName();
        expect(p, p.nextToken(), JsonToken.START_OBJECT);
        files.put(log, fileState(p));
      }
      expect(p, p.currentToken(), JsonToken.END_OBJECT);
    }
    return files;
  }

  /** One file's entry; fields it does not know are skipped, fields it lacks are 0 (older states lack some). */
  private static FileState fileState(JsonParser p) throws IOException {
    long size = 0;
    long offset = 0;
    long lines = 0;
    String head = null;
    int headLength = 0;
    Map<String, String> reader = null;
    long heldBack = 0;
    long modified = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "size" -> size = p.getValueAsLong();
        case "offset" -> offset = p.getValueAsLong();
        case "lines" -> lines = p.getValueAsLong();
        case "head" -> head = value == JsonToken.VALUE_NULL ? null : p.getValueAsString();
        case "headLength" -> headLength = p.getValueAsInt();
        case "heldBack" -> heldBack = p.getValueAsLong();
        case "modified" -> modified = p.getValueAsLong();
        case "reader" -> reader = strings(p, value);
        default -> p.skipChildren();
      }
    }
    expect(p, p.currentToken(), JsonToken.END_OBJECT);
    return new FileState(size, offset, lines, head, headLength, reader, heldBack, modified);
  }

  private static Map<String, String> strings(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(p, value, JsonToken.START_OBJECT);
    Map<String, String> out = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      p.nextToken();
      out.put(key, p.getValueAsString());
    }
    return out;
  }

  private static void expect(JsonParser p, JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new com.fasterxml.jackson.core.JsonParseException(p, "expected " + expected + ", found " + actual);
    }
  }

  /** The shape data binding wrote (and earlier versions read): path to its fields, indented. */
  private static void write(Path tmp, Map<String, FileState> files) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(tmp.toFile(), com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      for (Map.Entry<String, FileState> e : files.entrySet()) {
        FileState f = e.getValue();
        g.writeObjectFieldStart(e.getKey());
        g.writeNumberField("size", f.size());
        g.writeNumberField("offset", f.offset());
        g.writeNumberField("lines", f.lines());
        g.writeStringField("head", f.head());
        g.writeNumberField("headLength", f.headLength());
        g.writeObjectFieldStart("reader");
        for (Map.Entry<String, String> r : new TreeMap<>(f.reader()).entrySet()) {
          g.writeStringField(r.getKey(), r.getValue());
        }
        g.writeEndObject();
        g.writeNumberField("heldBack", f.heldBack());
        g.writeNumberField("modified", f.modified());
        g.writeEndObject();
      }
      g.writeEndObject();
    }
  }

  private static String key(Path log) {
    return log.toAbsolutePath().normalize().toString();
  }
}
