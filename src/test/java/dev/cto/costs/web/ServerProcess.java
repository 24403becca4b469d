package dev.cto.costs.web;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code cto-cli costs serve} as a separate OS process, as it runs in production. */
final class ServerProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

  private final Process process;
  final int port;

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static ServerProcess start(Path workDir, Map<String, String> env, String... storeArgs) throws Exception {
    String jar = System.getProperty("cto.jar", "target/cto-costs.jar");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", Path.of(jar).toAbsolutePath().toString(),
        "costs", "serve", "--port", "0"));
    command.addAll(List.of(storeArgs));
    return launch(command, workDir, env);
  }

  /**
   * {@code serve} from the test's own classpath (no packaged jar needed, so it runs under
   * surefire), with JVM options such as {@code -Xmx64m}.
   */
  static ServerProcess startOnTestClasspath(Path workDir, Map<String, String> env, List<String> jvmOptions,
      String... storeArgs) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.cto.costs.cli.Main", "costs", "serve", "--port", "0"));
    command.addAll(List.of(storeArgs));
    return launch(command, workDir, env);
  }

  private static ServerProcess launch(List<String> command, Path workDir, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    pb.environment().remove("COST_API_TOKEN");
    pb.environment().putAll(env);
    Process p = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    StringBuilder seen = new StringBuilder();
    while (System.nanoTime() < deadline) {
      String line = out.readLine();
      if (line == null) {
        break;
      }
      seen.append(line).append('\n');
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "server-output");
        drain.setDaemon(true);
        drain.start();
        return new ServerProcess(p, Integer.parseInt(m.group(1)));
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("the server did not start:\n" + seen);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The process's peak resident set in bytes ({@code VmHWM}), or -1 where /proc does not say. */
  long peakRssBytes() {
    try {
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (java.io.IOException e) {
      // not Linux
    }
    return -1;
  }

  /** SIGKILL: no shutdown hook, no flush; what was committed must survive. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM: the graceful path Kubernetes takes. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the server did not stop within 60 s of SIGTERM");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      kill9();
    }
  }
}
