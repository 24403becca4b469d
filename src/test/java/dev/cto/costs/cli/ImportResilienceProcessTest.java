package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import as its own process, facing what stopped it before: a log file and a log folder it has
 * no permission to read (the others are imported, those two listed and imported by the next run
 * once readable; a watch goes on), and a line past 2 GiB in a small heap.
 *
 * <p>The permissions are real ({@code chmod 000}). Root reads through them, so when the tests run
 * as root the import runs under {@code setpriv} without the two capabilities that let root bypass
 * file permissions ({@code CAP_DAC_OVERRIDE}, {@code CAP_DAC_READ_SEARCH}): the kernel then refuses
 * it as it refuses any other user.
 */
class ImportResilienceProcessTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration JVM_START = Duration.ofSeconds(120); // a JVM start on a loaded machine

  @TempDir Path tmp;
  Path home;
  Path readable;
  Path unreadableFile;
  Path unreadableFolder;

  @BeforeEach
  void logs() throws Exception {
    home = tmp.resolve("claude");
    readable = write(home.resolve("projects/-home-dev-a/s-1.jsonl"), line("msg_a"));
    unreadableFile = write(home.resolve("projects/-home-dev-b/s-2.jsonl"), line("msg_b"));
    write(home.resolve("projects/-home-dev-c/s-3.jsonl"), line("msg_c"));
    unreadableFolder = home.resolve("projects/-home-dev-c");
  }

  @AfterEach
  void readableAgain() throws Exception {
    permit(unreadableFile, "rw-r--r--"); // so that the temporary folder can be deleted
    permit(unreadableFolder, "rwxr-xr-x");
  }

  @Test
  void anUnreadableFileAndFolderAreListedTheRestIsImportedAndTheNextRunImportsThem() throws Exception {
    permit(unreadableFile, "---------");
    permit(unreadableFolder, "---------");
    Path db = tmp.resolve("costs.db");

    Run first = cli(unprivileged(), "costs", "import", "claude-code", home.toString(), "--settle", "0", "--db",
        db.toString(), "--json");
    // nothing of the unreadable file is remembered: the next run reads it from its start
    JsonNode state = JSON.readTree(tmp.resolve("costs.db.import-state.json").toFile());
    permit(unreadableFile, "rw-r--r--");
    permit(unreadableFolder, "rwxr-xr-x");
    Run second = cli(unprivileged(), "costs", "import", "claude-code", home.toString(), "--settle", "0", "--db",
        db.toString(), "--json");

    assertThat(first.exit).as(first.err).isZero();
    JsonNode one = JSON.readTree(first.out);
    assertThat(one.get("records_new").asLong()).isEqualTo(1);
    assertThat(one.get("unreadable").asLong()).isEqualTo(2);
    assertThat(one.get("unreadable_first").toString())
        .isEqualTo("[{\"path\":\"" + unreadableFolder + "\",\"folder\":true,\"reason\":\"permission denied\"},"
            + "{\"path\":\"" + unreadableFile + "\",\"folder\":false,\"reason\":\"permission denied\"}]");
    assertThat(first.err).contains("cto-cli: warning: cannot read 2 log files or folders (skipped; tried again on the"
        + " next run):", "    " + unreadableFolder + "/ (folder): permission denied",
        "    " + unreadableFile + ": permission denied").doesNotContain("Exception");
    assertThat(state.has(readable.toString())).isTrue();
    assertThat(state.has(unreadableFile.toString())).isFalse();

    assertThat(second.exit).as(second.err).isZero();
    JsonNode two = JSON.readTree(second.out);
    assertThat(two.get("records_new").asLong()).isEqualTo(2);
    assertThat(two.get("files_read").asLong()).isEqualTo(2);
    assertThat(two.get("unreadable").asLong()).isZero();
    assertThat(second.err).doesNotContain("cannot read");
  }

  @Test
  void logsOfWhichNoneCanBeReadExitWith3() throws Exception {
    Files.delete(readable);
    permit(unreadableFile, "---------");
    permit(unreadableFolder, "---------");

    Run run = cli(unprivileged(), "costs", "import", "claude-code", home.toString(), "--settle", "0", "--db",
        tmp.resolve("costs.db").toString());
    Run help = cli(List.of(), "costs", "import", "codex", "--help");

    assertThat(run.exit).as(run.err).isEqualTo(3);
    assertThat(run.err).contains(unreadableFile + ": permission denied");
    assertThat(help.out).contains("Exit codes:", "3  logs were found but none could be read");
  }

  /**
   * A watch whose folder holds a file it cannot read imports the others, says so once (not every
   * pass), and imports the file on the first pass after it became readable.
   */
  @Test
  void aWatchGoesOnPastAnUnreadableFileAndImportsItOnceReadable() throws Exception {
    permit(unreadableFile, "---------");
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    List<String> command = new ArrayList<>(unprivileged());
    command.addAll(java());
    command.addAll(List.of("costs", "import", "claude-code", home.toString(), "--watch", "--interval", "0.2",
        "--settle", "0", "--db", tmp.resolve("costs.db").toString(), "--json"));
    Process p = new ProcessBuilder(command).directory(tmp.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    try {
      awaitText(p, out, err, "\"records_new\":2", JVM_START); // msg_a and msg_c
      Thread.sleep(1_000); // a few more passes, each still unable to read the file
      permit(unreadableFile, "rw-r--r--");
      awaitText(p, out, err, "\"records_new\":1", Duration.ofSeconds(30)); // msg_b
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s of SIGTERM").isTrue();
    } finally {
      p.destroyForcibly();
    }

    String errors = Files.readString(err);
    assertThat(errors.split("cannot read 1 log file", -1)).as(errors).hasSize(2); // said once
    assertThat(errors).contains(unreadableFile + ": permission denied")
        .contains("every log file and folder is readable again").doesNotContain("import pass failed");
  }

  /**
   * A 2.2 GiB line (a sparse file: no disk) at the default 64 MiB limit, in a 192 MiB heap: skipped
   * as one bad line, the lines around it imported. Reading it into an array failed: past 2 GiB no
   * array holds it ({@code NegativeArraySizeException} after 2.2 GB of memory), and a heap this
   * small runs out long before.
   */
  @Test
  void aLinePast2GiBIsSkippedInASmallHeap() throws Exception {
    Path log = tmp.resolve("huge/projects/-p/s.jsonl");
    Files.createDirectories(log.getParent());
    byte[] before = line("msg_before").getBytes(StandardCharsets.UTF_8);
    byte[] after = ("\n" + line("msg_after")).getBytes(StandardCharsets.UTF_8);
    long hole = (1L << 31) + (200L << 20);
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
      file.write(before);
      file.seek(before.length + hole);
      file.write(after);
    }
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx192m"));
    command.addAll(java().subList(1, java().size()));

    Run run = cli(command, List.of("costs", "import", "claude-code", tmp.resolve("huge").toString(), "--settle", "0",
        "--dry-run", "--json"));

    assertThat(run.exit).as(run.err).isZero();
    JsonNode summary = JSON.readTree(run.out);
    assertThat(summary.get("responses").asLong()).isEqualTo(2);
    assertThat(summary.get("skipped").asLong()).isEqualTo(1);
    assertThat(summary.get("skipped_first").get(0).asText()).isEqualTo(log + ":2: a line of " + hole
        + " bytes, longer than the limit of 67108864 bytes: skipped unread");
  }

  record Run(int exit, String out, String err) {}

  /**
   * What runs the import without root's power over file permissions: nothing for another user;
   * for root, {@code setpriv} dropping the two capabilities from the bounding set, which an exec
   * of a root process then lacks.
   */
  private List<String> unprivileged() throws Exception {
    Path probe = Files.writeString(tmp.resolve("probe"), "x");
    permit(probe, "---------");
    if (!Files.isReadable(probe)) {
      return List.of(); // not root: the permissions apply as they are
    }
    List<String> setpriv = List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search");
    List<String> check = new ArrayList<>(setpriv);
    check.addAll(List.of("cat", probe.toString()));
    Process p;
    try {
      p = new ProcessBuilder(check).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      Assumptions.abort("running as root without setpriv: cannot make a file unreadable to the import");
      throw e;
    }
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Assumptions.assumeTrue(said.contains("Permission denied"), "setpriv could not drop the capabilities: " + said);
    return setpriv;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static List<String> java() {
    return List.of(javaBinary(), "-cp", System.getProperty("java.class.path"), "dev.cto.costs.cli.Main");
  }

  private Run cli(List<String> prefix, String... args) throws Exception {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(java());
    return cli(command, List.of(args));
  }

  private Run cli(List<String> command, List<String> args) throws Exception {
    List<String> all = new ArrayList<>(command);
    all.addAll(args);
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(all).directory(tmp.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile());
    pb.environment().remove("COST_DB_PATH");
    pb.environment().remove("COST_DB_URL");
    pb.environment().remove("COST_CONFIG_PATH");
    pb.environment().put("HOME", tmp.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", all) + " did not finish in 180 s");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static void awaitText(Process p, Path out, Path err, String text, Duration bound) throws Exception {
    try {
      await().atMost(bound).failFast("the watch process exited", () -> !p.isAlive())
          .until(() -> Files.readString(out).contains(text));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("expected " + text + "; stdout:\n" + Files.readString(out) + "\nstderr:\n"
          + Files.readString(err), e);
    }
  }

  private static void permit(Path path, String permissions) throws Exception {
    if (Files.exists(path)) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }
  }

  private static Path write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  /** One Claude Code response line, as the CLI writes it. */
  private static String line(String messageId) {
    return "{\"parentUuid\":null,\"isSidechain\":false,\"message\":{\"model\":\"claude-sonnet-4-5-20250929\",\"id\":\""
        + messageId + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],"
        + "\"usage\":{\"input_tokens\":10,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
        + "\"output_tokens\":5}},\"requestId\":\"req_" + messageId + "\",\"type\":\"assistant\",\"uuid\":\"u\","
        + "\"timestamp\":\"2026-09-01T10:00:00.000Z\",\"cwd\":\"/home/dev/code/service-01\",\"sessionId\":\"s-1\"}\n";
  }
}
