package dev.cto.costs.capture.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportStateTest {

  private static final TypeReference<TreeMap<String, FileState>> BOUND = new TypeReference<>() {};

  @TempDir Path tmp;

  private final FileState claude = new FileState(530876, 530876, 500, "1e45afc6", 1024, Map.of(), 0, 1795447775014L);
  private final FileState codex = new FileState(9000, 8000, 12, "8e28ef94", 1024,
      Map.of("model", "gpt-5-codex", "session", "abc"), 1000, 1795447775999L);

  @Test
  void aStateWrittenByTheEarlierDataBindingLoads() throws Exception {
    Path a = tmp.resolve("a.jsonl");
    Path b = tmp.resolve("b.jsonl");
    Path file = tmp.resolve("db.import-state.json");
    // what the previous version wrote: Jackson data binding, indented
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(),
        new TreeMap<>(Map.of(a.toString(), claude, b.toString(), codex)));

    ImportState state = ImportState.load(file);

    assertThat(state.get(a)).isEqualTo(claude);
    assertThat(state.get(b)).isEqualTo(codex);
    assertThat(state.get(tmp.resolve("c.jsonl"))).isNull();
  }

  @Test
  void olderEntriesWithoutTheNewerFieldsLoadWithZeros() throws Exception {
    Path file = tmp.resolve("state.json");
    Files.writeString(file, """
        {
          "/logs/old.jsonl" : {
            "size" : 10,
            "offset" : 8,
            "lines" : 2,
            "head" : "abcd",
            "headLength" : 10,
            "reader" : { },
            "later" : { "unknown" : [1, 2] }
          },
          "/logs/null-reader.jsonl" : { "size" : 1, "reader" : null, "head" : null }
        }
        """);

    ImportState state = ImportState.load(file);

    assertThat(state.get(Path.of("/logs/old.jsonl"))).isEqualTo(new FileState(10, 8, 2, "abcd", 10, Map.of(), 0, 0));
    assertThat(state.get(Path.of("/logs/null-reader.jsonl")))
        .isEqualTo(new FileState(1, 0, 0, null, 0, Map.of(), 0, 0));
  }

  @Test
  void whatIsSavedLoadsAgainAndIsWhatDataBindingReads() throws Exception {
    Path file = tmp.resolve("sub/db.import-state.json");
    ImportState state = ImportState.load(file);
    state.put(tmp.resolve("a.jsonl"), claude);
    state.put(tmp.resolve("b.jsonl"), codex);
    state.save();

    ImportState again = ImportState.load(file);
    assertThat(again.get(tmp.resolve("a.jsonl"))).isEqualTo(claude);
    assertThat(again.get(tmp.resolve("b.jsonl"))).isEqualTo(codex);
    // an earlier version (data binding) reads it too, so going back a version keeps the state
    assertThat(new ObjectMapper().readValue(file.toFile(), BOUND)).containsExactlyInAnyOrderEntriesOf(
        Map.of(tmp.resolve("a.jsonl").toString(), claude, tmp.resolve("b.jsonl").toString(), codex));
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file); // written beside and moved over: no temporary file left
    }
  }

  @Test
  void aRunThatChangedNothingLeavesTheFileAsItIs() throws Exception {
    Path file = tmp.resolve("state.json");
    Files.writeString(file, "{ }");
    ImportState.load(file).save();
    assertThat(Files.readString(file)).isEqualTo("{ }");
  }

  @Test
  void aDamagedStateSaysWhichFileAndHowToRecover() throws Exception {
    Path file = tmp.resolve("state.json");
    Files.writeString(file, "{ \"/logs/a.jsonl\" : [ 1 ] }");
    assertThatThrownBy(() -> ImportState.load(file)).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("delete it");
    Files.writeString(file, "{ \"/logs/a.jsonl\" : { \"size\" : 1 ");
    assertThatThrownBy(() -> ImportState.load(file)).isInstanceOf(UncheckedIOException.class);
  }
}
