package dev.cto.costs.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the shaded jar as a separate process, as a user would, and captures what it printed. */
final class CliProcess {

  record Result(int exitCode, String out, String err) {}

  private CliProcess() {}

  static Path jar() {
    String jar = System.getProperty("cto.jar", "target/cto-costs.jar");
    Path path = Path.of(jar);
    if (!Files.exists(path)) {
      throw new IllegalStateException("the CLI end-to-end tests need the shaded jar at " + path + " (mvn package)");
    }
    return path;
  }

  static Result run(Path workDir, Map<String, String> env, byte[] stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-jar");
    command.add(jar().toAbsolutePath().toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    pb.environment().remove("COST_DB_PATH");
    pb.environment().remove("COST_DB_URL");
    pb.environment().remove("COST_CONFIG_PATH");
    pb.environment().put("HOME", workDir.toString());
    pb.environment().putAll(env);
    Path out = Files.createTempFile(workDir, "out", ".txt");
    Path err = Files.createTempFile(workDir, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (stdin != null) {
      p.getOutputStream().write(stdin);
    }
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("cto-cli " + String.join(" ", args) + " did not finish in 120 s");
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }
}
