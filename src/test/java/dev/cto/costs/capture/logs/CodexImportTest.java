package dev.cto.costs.capture.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CostsApp;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Codex rollouts from the generator: per day and model, our normalised kinds add back up to the
 * manifest's Codex figures (whose input includes the cached tokens), and the cost equals the
 * manifest's, which the generator computed from per-token prices set by hand.
 */
class CodexImportTest {

  @TempDir Path tmp;

  @Test
  void generatedRolloutsMatchTheManifestPerDayAndModel() throws Exception {
    Path codex = tmp.resolve("codex");
    JsonNode manifest = LogGenerator.generate(tmp.resolve("claude"), "--usage-lines", "10", "--codex-out",
        codex.toString(), "--codex-events", "900", "--days", "5", "--seed", "11").get("codex");
    try (CostsApp app = CostsApp.open(new AppOptions(tmp.resolve("costs.db"), null, null))) {
      Recorded sink = new Recorded(app.collector());
      ImportSummary summary = run(codex, ImportState.inMemory(), sink);

      assertThat(summary.skipped()).isZero();
      assertThat(summary.responses()).isEqualTo(900);
      assertThat(summary.written().unpriced()).isZero();
      Map<String, List<Long>> expected = new TreeMap<>();
      Map<String, List<Long>> got = new TreeMap<>();
      manifest.get("days").fields().forEachRemaining(day -> day.getValue().fields().forEachRemaining(m -> {
        JsonNode t = m.getValue();
        long cached = t.get("cached_input_tokens").asLong();
        expected.put(day.getKey() + " " + m.getKey(), List.of(t.get("input_tokens").asLong() - cached, cached,
            t.get("output_tokens").asLong(), t.get("events").asLong()));
      }));
      sink.byDayModel().forEach((day, models) -> models.forEach((model, t) -> {
        got.put(day + " " + model, List.of(t.input(), t.cacheRead(), t.output(), t.messages()));
        BigDecimal cost = manifest.get("days").get(day).get(model).get("cost").decimalValue();
        assertThat(t.cost()).as(day + " " + model).isEqualByComparingTo(cost);
      }));
      assertThat(got).isEqualTo(expected);
      assertThat(sink.records).allSatisfy(r -> assertThat(r.source()).isEqualTo("codex"));
    }
  }

  @Test
  void reEmittedTokenCountEventsCountOnceAndAResumedFileKeepsItsModel() throws Exception {
    Path codex = tmp.resolve("codex");
    LogGenerator.generate(tmp.resolve("claude"), "--usage-lines", "10", "--codex-out", codex.toString(),
        "--codex-events", "50", "--seed", "5");
    Path file;
    try (Stream<Path> s = Files.walk(codex)) {
      file = s.filter(p -> p.getFileName().toString().startsWith("rollout-")).findFirst().orElseThrow();
    }
    ImportState state = ImportState.inMemory();
    Recorded first = new Recorded(null);
    run(codex, state, first);

    List<String> lines = Files.readAllLines(file);
    String lastTokenCount = lines.get(lines.size() - 1);
    // Codex repeats the last token_count (same cumulative total) e.g. after a resume: not a new turn
    Files.writeString(file, lastTokenCount + "\n" + lastTokenCount + "\n", StandardOpenOption.APPEND);
    Recorded second = new Recorded(null);
    ImportSummary again = run(codex, state, second);

    // then a real new turn: only the session state saved with the offset knows its model and session
    com.fasterxml.jackson.databind.node.ObjectNode next = (com.fasterxml.jackson.databind.node.ObjectNode)
        new ObjectMapper().readTree(lastTokenCount);
    com.fasterxml.jackson.databind.node.ObjectNode total = (com.fasterxml.jackson.databind.node.ObjectNode)
        next.at("/payload/info/total_token_usage");
    total.put("input_tokens", total.get("input_tokens").asLong() + 1000).put("total_tokens", total.get("total_tokens").asLong() + 1000);
    ((com.fasterxml.jackson.databind.node.ObjectNode) next.at("/payload/info/last_token_usage"))
        .put("input_tokens", 1000).put("cached_input_tokens", 400).put("output_tokens", 0).put("total_tokens", 1000);
    Files.writeString(file, next + "\n", StandardOpenOption.APPEND);
    Recorded third = new Recorded(null);
    run(codex, state, third);

    assertThat(first.records).hasSize(50);
    assertThat(again.filesRead()).isEqualTo(1);
    assertThat(again.lines()).isEqualTo(2);
    assertThat(again.copies()).isZero();
    assertThat(second.records).isEmpty();
    String model = first.records.stream().filter(r -> file.toString().contains(r.sessionId())).findFirst()
        .orElseThrow().model();
    assertThat(third.records).singleElement().satisfies(r -> {
      assertThat(r.model()).isEqualTo(model);
      assertThat(file.toString()).contains(r.sessionId());
      assertThat(r.tokens()).isEqualTo(new dev.cto.costs.domain.TokenCounts(600, 0, 0, 0, 400));
    });
  }

  @Test
  void olderRolloutsWithOnlyTheRunningTotalAreSplitIntoTurns() throws Exception {
    Path file = tmp.resolve("codex/sessions/2026/09/01/rollout-2026-09-01T10-00-00-s1.jsonl");
    Files.createDirectories(file.getParent());
    Files.writeString(file, """
        {"timestamp":"2026-09-01T10:00:00.000Z","type":"session_meta","payload":{"id":"s1","cwd":"/w"}}
        {"timestamp":"2026-09-01T10:00:00.000Z","type":"turn_context","payload":{"model":"gpt-5"}}
        {"timestamp":"2026-09-01T10:00:01.000Z","type":"event_msg","payload":{"type":"token_count","info":null}}
        {"timestamp":"2026-09-01T10:00:02.000Z","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":1000,"cached_input_tokens":200,"output_tokens":50,"total_tokens":1050}}}}
        {"timestamp":"2026-09-01T10:00:03.000Z","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":1000,"cached_input_tokens":200,"output_tokens":50,"total_tokens":1050}}}}
        {"timestamp":"2026-09-01T10:00:04.000Z","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":3000,"cached_input_tokens":1700,"output_tokens":80,"total_tokens":3080}}}}
        """);
    Recorded sink = new Recorded(null);
    ImportSummary summary = run(tmp.resolve("codex"), ImportState.inMemory(), sink);

    assertThat(summary.skipped()).isZero();
    assertThat(sink.records).extracting(dev.cto.costs.domain.UsageRecord::tokens).containsExactly(
        new dev.cto.costs.domain.TokenCounts(800, 50, 0, 0, 200),
        new dev.cto.costs.domain.TokenCounts(500, 30, 0, 0, 1500));
    assertThat(sink.records).allSatisfy(r -> {
      assertThat(r.model()).isEqualTo("gpt-5");
      assertThat(r.sessionId()).isEqualTo("s1");
    });
  }

  private static ImportSummary run(Path logs, ImportState state, UsageSink sink) {
    return LogImporter.codex().run(List.of(logs), state, new Attributor(AttributionFields.NONE, List.of()), sink);
  }
}
