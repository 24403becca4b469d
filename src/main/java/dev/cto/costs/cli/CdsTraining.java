package dev.cto.costs.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The run {@code bin/cto-cli} records its class-data-sharing archive from, once per build: the
 * classes (and generated lambda and string-concatenation forms) of these runs start from the
 * archive instead of being loaded, verified and generated on every start. Besides the demo
 * (parsing, pricing, the store, every renderer) it imports a small Claude Code log folder twice,
 * so the most frequent short run, an import re-run with nothing new, is covered too, and a first
 * import into a new file (the bulk load); and builds
 * the whole command tree, as help does. Not a command: nothing a user calls.
 */
public final class CdsTraining {

  private CdsTraining() {}

  /** @param args a scratch folder to write the demo database and logs in */
  public static void main(String[] args) throws IOException {
    System.exit(train(Path.of(args[0])) ? 0 : 1);
  }

  /** Whether every run succeeded: a failed one would archive the classes of an error instead. */
  static boolean train(Path dir) throws IOException {
    String db = dir.resolve("cds.db").toString();
    Path claude = dir.resolve("claude");
    Path session = Files.createDirectories(claude.resolve("projects/-home-dev-code-service")).resolve("s.jsonl");
    Files.writeString(session, line("msg_1", 1) + line("msg_2", 2));
    int failed = run("costs", "demo", "--db", db, "--prs", "2")
        + run("costs", "import", "claude-code", claude.toString(), "--db", db, "--settle", "0")
        + run("costs", "import", "claude-code", claude.toString(), "--db", db, "--settle", "0")
        // a first import into a new file: the bulk load, its index builds and its placing
        + run("costs", "import", "claude-code", claude.toString(), "--db", dir.resolve("first.db").toString(),
            "--settle", "0")
        + run("costs", "--help");
    return failed == 0;
  }

  private static int run(String... args) {
    var cmd = Main.commandLine(args);
    cmd.setOut(new PrintWriter(Writer.nullWriter()));
    cmd.setErr(new PrintWriter(Writer.nullWriter()));
    return cmd.execute(args);
  }

  /** One assistant response as Claude Code writes it. */
  private static String line(String id, int n) {
    return "{\"parentUuid\":null,\"isSidechain\":false,\"message\":{\"model\":\"claude-sonnet-4-5-20250929\",\"id\":\""
        + id + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],"
        + "\"usage\":{\"input_tokens\":" + (10 * n) + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
        + "\"output_tokens\":" + (5 * n) + "}},\"requestId\":\"req_" + id + "\",\"type\":\"assistant\",\"uuid\":\"u" + n
        + "\",\"timestamp\":\"2026-09-01T10:00:0" + n + ".000Z\",\"cwd\":\"/home/dev/code/service\",\"sessionId\":\"s-1\"}\n";
  }
}
