package dev.cto.costs.capture.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator the import and parity tests rely on writes what it claims: the copies a reader
 * must merge (content blocks, partial streaming counts), sidechains, requests over 200k, and a
 * manifest whose file, line and byte counts are those on disk; the same seed gives the same files.
 */
class LogGeneratorTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void theLogsHoldWhatAReaderMustHandleAndTheManifestCountsThem() throws Exception {
    Path out = tmp.resolve("claude");
    JsonNode manifest = LogGenerator.generate(out, "--usage-lines", "1500", "--lines-per-file", "100",
        "--sidechain-ratio", "0.5", "--partial-ratio", "0.5", "--huge-ratio", "0.05", "--seed", "5");
    JsonNode claude = manifest.get("claude");

    List<Path> files = logs(out);
    long lines = 0;
    long bytes = 0;
    long usageLines = 0;
    Map<String, Set<Long>> outputsById = new HashMap<>();
    boolean overLongContext = false;
    for (Path file : files) {
      bytes += Files.size(file);
      for (String line : Files.readAllLines(file)) {
        lines++;
        JsonNode node = JSON.readTree(line);
        JsonNode usage = node.at("/message/usage");
        if (usage.isObject()) {
          usageLines++;
          outputsById.computeIfAbsent(node.at("/message/id").asText() + node.get("requestId").asText(),
              k -> new HashSet<>()).add(usage.get("output_tokens").asLong());
          overLongContext |= usage.get("input_tokens").asLong() + usage.get("cache_creation_input_tokens").asLong()
              + usage.get("cache_read_input_tokens").asLong() > 200_000;
        }
      }
    }

    assertThat(claude.get("files").asLong()).isEqualTo(files.size());
    assertThat(claude.get("jsonlLines").asLong()).isEqualTo(lines);
    assertThat(claude.get("bytes").asLong()).isEqualTo(bytes);
    assertThat(claude.get("usageLines").asLong()).isEqualTo(usageLines).isEqualTo(1500);
    assertThat(claude.get("uniqueMessages").asLong()).isEqualTo(outputsById.size()).isLessThan(usageLines);
    assertThat(outputsById.values()).anyMatch(outputs -> outputs.size() > 1); // partial streaming counts
    assertThat(files).anyMatch(f -> f.toString().contains("/subagents/agent-"));
    assertThat(overLongContext).isTrue();
    assertThat(claude.at("/expectedTotalsAfterDedup/messages").asLong()).isEqualTo(outputsById.size());
  }

  @Test
  void theSameSeedWritesTheSameFiles() throws Exception {
    LogGenerator.generate(tmp.resolve("a"), "--usage-lines", "300", "--codex-out", tmp.resolve("a-codex").toString(),
        "--codex-events", "20", "--seed", "9");
    LogGenerator.generate(tmp.resolve("b"), "--usage-lines", "300", "--codex-out", tmp.resolve("b-codex").toString(),
        "--codex-events", "20", "--seed", "9");

    for (String[] pair : new String[][] {{"a", "b"}, {"a-codex", "b-codex"}}) {
      List<Path> a = logs(tmp.resolve(pair[0]));
      List<Path> b = logs(tmp.resolve(pair[1]));
      assertThat(a).isNotEmpty();
      assertThat(a.stream().map(p -> tmp.resolve(pair[0]).relativize(p)).toList())
          .isEqualTo(b.stream().map(p -> tmp.resolve(pair[1]).relativize(p)).toList());
      for (int i = 0; i < a.size(); i++) {
        assertThat(Files.mismatch(a.get(i), b.get(i))).isEqualTo(-1);
      }
    }
  }

  private static List<Path> logs(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    }
  }
}
