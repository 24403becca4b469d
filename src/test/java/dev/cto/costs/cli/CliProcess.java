package dev.cto.costs.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  /**
   * Starts {@code costs serve} on a free loopback port over {@code db} and returns its base URL
   * once it listens; its output is drained in the background. The caller destroys the process.
   */
  static Served serve(Path workDir, String db, String... moreArgs) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        jar().toAbsolutePath().toString(), "costs", "serve", "--port", "0", "--db", db));
    command.addAll(List.of(moreArgs));
    Process server = new ProcessBuilder(command)
        .redirectErrorStream(true).directory(workDir.toFile()).start();
    server.getOutputStream().close();
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    String line;
    while ((line = out.readLine()) != null) {
      Matcher m = listening.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
        drain.setDaemon(true);
        drain.start();
        return new Served(server, "http://127.0.0.1:" + m.group(1));
      }
    }
    server.destroy();
    throw new IllegalStateException("the server did not start");
  }

  /** A running {@code costs serve} process and its base URL. */
  record Served(Process process, String url) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      process.destroy();
      process.waitFor();
    }
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
