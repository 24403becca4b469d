package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's archive is recorded from these runs: they must succeed and reach the import. */
class CdsTrainingTest {

  @TempDir Path tmp;

  @Test
  void theDemoAndTheImportAndItsReRunSucceed() throws Exception {
    assertThat(CdsTraining.train(tmp)).isTrue();

    String state = Files.readString(tmp.resolve("cds.db.import-state.json"));
    assertThat(state).contains(tmp.resolve("claude/projects/-home-dev-code-service/s.jsonl").toString());
  }
}
