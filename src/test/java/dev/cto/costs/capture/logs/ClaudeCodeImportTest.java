package dev.cto.costs.capture.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CostsApp;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claude Code logs from the generator and the shipped sample: tokens and cost equal the manifest's, per day and model. */
class ClaudeCodeImportTest {

  @TempDir Path tmp;

  @Test
  void generatedLogsMatchTheManifestPerDayAndModel() throws Exception {
    Path logs = tmp.resolve("claude");
    JsonNode manifest = LogGenerator.generate(logs, "--usage-lines", "3000", "--lines-per-file", "250",
        "--projects", "4", "--days", "6", "--sidechain-ratio", "0.5", "--partial-ratio", "0.5", "--huge-ratio", "0.05",
        "--seed", "7");
    assertMatchesManifest(logs, manifest);
  }

  @Test
  void shippedSampleMatchesItsManifest() throws Exception {
    Path sample = Path.of(ClaudeCodeImportTest.class.getResource("/samples/claude-code").toURI());
    assertMatchesManifest(sample, new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        sample.resolve("manifest.json").toFile()));
  }

  @Test
  void reImportingStoresNothingTwice() throws Exception {
    Path logs = tmp.resolve("claude");
    JsonNode manifest = LogGenerator.generate(logs, "--usage-lines", "600", "--lines-per-file", "200", "--seed", "3");
    long unique = manifest.at("/claude/uniqueMessages").asLong();
    try (CostsApp app = CostsApp.open(new AppOptions(tmp.resolve("costs.db"), null, null))) {
      ImportState state = ImportState.load(tmp.resolve("state.json"));
      ImportSummary first = run(logs, state, new Recorded(app.collector()));
      state.save();
      ImportSummary unchanged = run(logs, ImportState.load(tmp.resolve("state.json")), new Recorded(app.collector()));
      ImportSummary withoutState = run(logs, ImportState.inMemory(), new Recorded(app.collector()));

      assertThat(first.written().accepted()).isEqualTo(unique);
      assertThat(unchanged.filesRead()).isZero();
      assertThat(unchanged.written().accepted()).isZero();
      assertThat(withoutState.written().accepted()).isZero();
      assertThat(withoutState.written().duplicates()).isEqualTo(unique);
    }
  }

  @Test
  void fewerReadersBesideALocalWriterReadTheSameRecordsInTheSameOrder() throws Exception {
    Path logs = tmp.resolve("claude");
    LogGenerator.generate(logs, "--usage-lines", "2000", "--lines-per-file", "100", "--projects", "3",
        "--sidechain-ratio", "0.5", "--partial-ratio", "0.5", "--seed", "11");
    Attributor none = new Attributor(AttributionFields.NONE, List.of());
    Recorded allCores = new Recorded(null);
    Recorded besideWriter = new Recorded(null);

    LogImporter.claudeCode().run(List.of(logs), ImportState.inMemory(), none, allCores);
    LogImporter.claudeCode().besideLocalWriter().run(List.of(logs), ImportState.inMemory(), none, besideWriter);

    assertThat(allCores.records).hasSizeGreaterThan(500);
    assertThat(besideWriter.records).isEqualTo(allCores.records);
  }

  private void assertMatchesManifest(Path logs, JsonNode manifest) throws Exception {
    try (CostsApp app = CostsApp.open(new AppOptions(tmp.resolve("costs.db"), null, null))) {
      Recorded sink = new Recorded(app.collector());
      ImportSummary summary = run(logs, ImportState.inMemory(), sink);

      JsonNode claude = manifest.get("claude");
      assertThat(summary.skipped()).isZero();
      assertThat(summary.responses()).isEqualTo(claude.get("uniqueMessages").asLong());
      assertThat(summary.responses() + summary.copies()).isEqualTo(claude.get("usageLines").asLong());
      assertThat(summary.written().accepted()).isEqualTo(summary.responses());
      assertThat(summary.written().unpriced()).isZero();
      assertThat(sink.records).allSatisfy(r -> {
        assertThat(r.source()).isEqualTo("claude-code");
        assertThat(r.id()).startsWith("msg_");
        assertThat(r.attribution().agent()).isEqualTo("claude-code");
        assertThat(r.attribution().prNumber()).isNull();
      });
      assertThat(tokens(sink.byDayModel())).isEqualTo(expectedTokens(claude.get("expectedByDayModel")));
      sink.byDayModel().forEach((day, models) -> models.forEach((model, got) -> {
        BigDecimal expected = claude.get("expectedByDayModel").get(day).get(model).get("cost").decimalValue();
        assertThat(got.cost()).as(day + " " + model).isCloseTo(expected, org.assertj.core.data.Offset.offset(new BigDecimal("0.000001")));
      }));
    }
  }

  private static ImportSummary run(Path logs, ImportState state, UsageSink sink) {
    return LogImporter.claudeCode().run(List.of(logs), state, new Attributor(AttributionFields.NONE, List.of()), sink);
  }

  private static Map<String, List<Long>> tokens(Map<String, Map<String, Recorded.DayModel>> got) {
    Map<String, List<Long>> out = new TreeMap<>();
    got.forEach((day, models) -> models.forEach((model, t) -> out.put(day + " " + model,
        List.of(t.input(), t.output(), t.cacheCreation(), t.cacheRead(), t.messages()))));
    return out;
  }

  private static Map<String, List<Long>> expectedTokens(JsonNode byDay) {
    Map<String, List<Long>> out = new TreeMap<>();
    byDay.fields().forEachRemaining(day -> day.getValue().fields().forEachRemaining(model -> {
      JsonNode t = model.getValue();
      out.put(day.getKey() + " " + model.getKey(), List.of(t.get("inputTokens").asLong(), t.get("outputTokens").asLong(),
          t.get("cacheCreationTokens").asLong(), t.get("cacheReadTokens").asLong(), t.get("messages").asLong()));
    }));
    return out;
  }
}
