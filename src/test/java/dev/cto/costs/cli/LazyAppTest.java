package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cto.costs.app.AppOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LazyAppTest {

  @TempDir Path dir;

  /**
   * An import with nothing to read can end before its background opener runs. The opener must
   * then leave the database alone: opened after close(), the store would stay open (and keep
   * writing files) after the command returned.
   */
  @Test
  void aBackgroundOpenThatLosesTheRaceWithCloseOpensNothing() throws Exception {
    Path db = dir.resolve("costs.db");
    LazyApp app = LazyApp.forImport(new AppOptions(db, null, null));

    app.close();
    Thread opener = app.openInBackground();
    opener.join(10_000);

    assertThat(opener.isAlive()).isFalse();
    assertThat(db).doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
    assertThatThrownBy(app::get).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  /** Opened first, the bulk load's scratch database is made; close() then abandons it whole. */
  @Test
  void aBackgroundOpenBeforeCloseIsClosedByIt() throws Exception {
    Path db = dir.resolve("costs.db");
    LazyApp app = LazyApp.forImport(new AppOptions(db, null, null));

    Thread opener = app.openInBackground();
    opener.join(30_000);
    assertThat(opener.isAlive()).isFalse();
    try (var files = Files.list(dir)) {
      assertThat(files).as("the opener made the scratch database").isNotEmpty();
    }
    app.close();

    assertThat(db).doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files).as("nothing imported: nothing left behind").isEmpty();
    }
    assertThatThrownBy(app::get).isInstanceOf(IllegalStateException.class);
  }
}
