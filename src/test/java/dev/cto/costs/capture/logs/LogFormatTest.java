package dev.cto.costs.capture.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walk lists each log file once, sorted, with the size and time that decide a re-run. */
class LogFormatTest {

  @TempDir Path home;

  @Test
  void claudeCodeFilesComeWithTheirSizeAndModificationTime() throws Exception {
    Path projects = Files.createDirectories(home.resolve("projects"));
    Path b = write(projects.resolve("-b/s2.jsonl"), "{}\n{}\n", "2026-09-01T10:00:00Z");
    Path a = write(projects.resolve("-a/s1.jsonl"), "{}\n", "2026-09-02T10:00:00.123Z");
    Path sidechain = write(projects.resolve("-a/s1/subagents/agent-1.jsonl"), "{ }\n", "2026-09-03T10:00:00Z");
    write(projects.resolve("-a/notes.txt"), "not a log", "2026-09-03T10:00:00Z");
    Files.createDirectories(projects.resolve("-c/empty.jsonl")); // a folder with a log's name is no log

    assertThat(LogFormat.CLAUDE_CODE.files(home).files()).containsExactly(
        new LogFormat.Found(a, 3, Instant.parse("2026-09-02T10:00:00.123Z").toEpochMilli()),
        new LogFormat.Found(sidechain, 4, Instant.parse("2026-09-03T10:00:00Z").toEpochMilli()),
        new LogFormat.Found(b, 6, Instant.parse("2026-09-01T10:00:00Z").toEpochMilli()));
    // the same folders whether the user names the home or its projects folder
    assertThat(LogFormat.CLAUDE_CODE.files(projects)).isEqualTo(LogFormat.CLAUDE_CODE.files(home));
  }

  @Test
  void aFileIsGroupedWithItsProjectFolderWhicheverFolderTheUserNamed() throws Exception {
    Path projects = Files.createDirectories(home.resolve("projects"));
    Path session = write(projects.resolve("-a/s1.jsonl"), "{}\n", "2026-09-01T10:00:00Z");
    Path sidechain = write(projects.resolve("-a/s1/subagents/agent-1.jsonl"), "{}\n", "2026-09-01T10:00:00Z");
    Path top = write(projects.resolve("loose.jsonl"), "{}\n", "2026-09-01T10:00:00Z");

    for (Path root : new Path[] {home, projects}) {
      assertThat(LogFormat.CLAUDE_CODE.group(root, session)).isEqualTo(projects.resolve("-a"));
      assertThat(LogFormat.CLAUDE_CODE.group(root, sidechain)).isEqualTo(projects.resolve("-a"));
      assertThat(LogFormat.CLAUDE_CODE.group(root, top)).isEqualTo(top);
    }
  }

  @Test
  void aHomeWithoutLogsHasNoFiles() throws Exception {
    assertThat(LogFormat.CLAUDE_CODE.files(home.resolve("missing"))).isEqualTo(new LogFormat.Listing(List.of(), List.of()));
    assertThat(LogFormat.CODEX.files(home)).isEqualTo(new LogFormat.Listing(List.of(), List.of()));
  }

  private static Path write(Path file, String text, String modified) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse(modified)));
    return file;
  }
}
