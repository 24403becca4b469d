package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build needs only the JDK and Maven: on a machine without Node, Maven's lifecycle up to the
 * test resources (where the npm test clients would be installed) succeeds, silently with
 * {@code -DskipTests} (bin/cto-cli, bin/install, the Dockerfile) and with one line naming what is
 * skipped otherwise. It runs this project's poms (parent, client, server) in a folder without node_modules, with a PATH that
 * holds every command of /usr/bin except Node's.
 */
class BuildWithoutNodeE2ETest {

  private static final Set<String> NODE = Set.of("node", "nodejs", "npm", "npx", "corepack");

  @TempDir static Path tmp;
  private static Path project;
  private static Path bin;

  @BeforeAll
  static void aProjectAndAPathWithoutNode() throws IOException {
    project = Files.createDirectories(tmp.resolve("project"));
    Files.copy(Path.of("pom.xml"), project.resolve("pom.xml")); // the parent: the client and the server modules
    Files.copy(Path.of("server-pom.xml"), project.resolve("server-pom.xml"));
    Files.createDirectories(project.resolve("client"));
    Files.copy(Path.of("client/pom.xml"), project.resolve("client/pom.xml"));
    copyTree(Path.of("client/src/main"), project.resolve("client/src/main"));
    Files.createDirectories(project.resolve("src/test/node"));
    Files.copy(Path.of("src/test/node/package.json"), project.resolve("src/test/node/package.json"));
    copyTree(Path.of("src/main"), project.resolve("src/main")); // the lifecycle compiles the main code, jte templates included
    bin = Files.createDirectories(tmp.resolve("bin"));
    for (String dir : List.of("/usr/local/bin", "/usr/bin")) {
      if (!Files.isDirectory(Path.of(dir))) {
        continue;
      }
      try (Stream<Path> commands = Files.list(Path.of(dir))) {
        for (Path command : commands.toList()) {
          Path link = bin.resolve(command.getFileName().toString());
          if (!NODE.contains(command.getFileName().toString()) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, command);
          }
        }
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  @Test
  void aBuildThatSkipsTestsDoesNotLookForNpm() throws Exception {
    Result result = maven("-DskipTests");
    assertThat(result.code()).as(result.output()).isZero();
    assertThat(result.output()).doesNotContain("npm");
  }

  @Test
  void aBuildThatRunsTestsSaysInOneLineThatTheNodeTestsWillBeSkipped() throws Exception {
    Result result = maven();
    assertThat(result.code()).as(result.output()).isZero();
    assertThat(result.output()).contains("npm not found: the tests that drive the npm clients").doesNotContain("Exception");
  }

  private record Result(int code, String output) {}

  private static Result maven(String... flags) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(bin.resolve("mvn").toString(), "-B", "-q"));
    command.addAll(List.of(flags));
    command.add("generate-test-resources");
    ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
    builder.environment().put("PATH", bin.toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Path output = Files.createTempFile(tmp, "mvn", ".txt");
    builder.redirectOutput(output.toFile());
    Process process = builder.start();
    process.getOutputStream().close();
    if (!process.waitFor(300, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("maven did not finish in 300 s: " + Files.readString(output));
    }
    return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }
}
