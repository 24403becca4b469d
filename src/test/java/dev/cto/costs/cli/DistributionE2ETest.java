package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archive Maven builds installs with {@code bin/install} into a prefix, and the
 * {@code cto-cli} it links on the PATH works from any directory: it records and reports on a fresh
 * SQLite file, with nothing of the clone (no Maven, no sources) involved.
 */
class DistributionE2ETest {

  @Test
  void theArchiveInstallsAndTheLinkedLauncherRecordsAndReports(@TempDir Path tmp) throws Exception {
    Path archive = archive();
    Path prefix = tmp.resolve("prefix");
    Map<String, String> env = Map.of("PREFIX", prefix.toString(), "HOME", tmp.toString(), "PATH", System.getenv("PATH"),
        "JAVA_HOME", System.getProperty("java.home"));

    Result install = run(tmp, env, "bash", Path.of("bin", "install").toAbsolutePath().toString(), archive.toString());
    assertThat(install.code()).as(install.output()).isZero();
    Path launcher = prefix.resolve("bin").resolve("cto-cli");
    assertThat(Files.isSymbolicLink(launcher)).isTrue();
    Path home = launcher.toRealPath().getParent().getParent();
    assertThat(home.resolve("lib").resolve("cto-costs.jar")).isRegularFile();
    assertThat(home.resolve("docs").resolve("record-format.md")).isRegularFile();
    assertThat(Files.getPosixFilePermissions(launcher.toRealPath())).contains(PosixFilePermission.OWNER_EXECUTE);

    String db = tmp.resolve("costs.db").toString();
    Result record = run(tmp, env, launcher.toString(), "costs", "record", "--db", db, "--repo", "acme/app", "--pr", "7",
        "--agent", "rex", "--model", "claude-sonnet-4-5", "--input-tokens", "100000", "--output-tokens", "0",
        "--stage", "code");
    assertThat(record.code()).as(record.output()).isZero();
    Result show = run(tmp, env, launcher.toString(), "costs", "show", "--db", db, "--repo", "acme/app", "--pr", "7",
        "--format", "json");
    assertThat(show.code()).as(show.output()).isZero();
    // 100k input tokens of Claude Sonnet 4.5 at $3 per million (under its 200k long-context tier)
    assertThat(show.output()).containsPattern("\"total_cost_usd\"\\s*:\\s*0\\.30*[,\\s]");

    // the image's environment (Dockerfile) with another collector than its serial one, as an operator may
    // set it: G1 chosen in CTO_JAVA_OPTS must not clash with the short-run GC
    Map<String, String> image = new java.util.HashMap<>(env);
    image.put("CTO_JAVA_OPTS", "-XX:+UseG1GC -XX:MaxRAMPercentage=75");
    image.put("CTO_NO_CDS", "1");
    Result inImage = run(tmp, image, launcher.toString(), "costs", "show", "--db", db, "--repo", "acme/app", "--pr", "7",
        "--format", "json");
    assertThat(inImage.code()).as(inImage.output()).isZero();
    assertThat(inImage.output()).contains("\"total_cost_usd\"");
  }

  private static Path archive() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      List<Path> found = files.filter(p -> p.getFileName().toString().matches("cto-costs-.*-dist\\.tar\\.gz")).toList();
      assertThat(found).as("mvn package builds the distribution archive").hasSize(1);
      return found.get(0).toAbsolutePath();
    }
  }

  private record Result(int code, String output) {}

  private static Result run(Path dir, Map<String, String> env, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(env);
    Path output = Files.createTempFile(dir, "out", ".txt");
    builder.redirectOutput(output.toFile());
    Process process = builder.start();
    process.getOutputStream().close();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in 120 s: " + Files.readString(output));
    }
    return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }
}
