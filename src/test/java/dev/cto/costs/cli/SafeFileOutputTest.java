package dev.cto.costs.cli;

import static dev.cto.costs.cli.CliRun.cliAsLaunched;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by export and pricing import: atomic, never through a link or onto a device, mode 0644 (issue 14). */
class SafeFileOutputTest {

  @TempDir Path dir;
  private String db;



  @BeforeEach
  void record() {
    db = dir.resolve("costs.db").toString();
    CliRun r = cliAsLaunched("costs", "record", "--db", db, "--pr", "5", "--repo", "o/r", "--agent", "rex", "--model", "claude-sonnet-4-5",
        "--input-tokens", "1000", "--output-tokens", "100", "--stage", "code");
    assertThat(r.exit()).as(r.err()).isZero();
  }

  @Test
  void aSymbolicLinkIsRefusedAndLeftAsItWas() throws Exception {
    Path real = Files.writeString(dir.resolve("real.json"), "keep");
    Path link = Files.createSymbolicLink(dir.resolve("out.json"), real);

    CliRun r = cliAsLaunched("costs", "export", "--db", db, "--output", link.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("refusing to write " + link).contains("symbolic link");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(real)).isEqualTo("keep");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aDeviceIsRefused() throws Exception {
    Path device = Path.of("/dev/null");
    CliRun r = cliAsLaunched("costs", "export", "--db", db, "--output", device.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("refusing to write /dev/null: it is a device");
    assertThat(Files.isRegularFile(device, LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void aNewFileIsReadableByOthersUnderTheUmaskAndReplacesTheOldOneWhole() throws Exception {
    Path target = dir.resolve("costs.csv");
    CliRun first = cliAsLaunched("costs", "export", "--db", db, "--format", "csv", "--output", target.toString());
    assertThat(first.exit()).as(first.err()).isZero();

    assertThat(Files.getPosixFilePermissions(target)).isEqualTo(underUmask("rw-r--r--"));
    assertThat(Files.readString(target)).startsWith("id,repository,pr_number").contains(",o/r,5,rex,");
    assertThat(leftovers()).isEmpty();

    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
    CliRun again = cliAsLaunched("costs", "export", "--db", db, "--output", target.toString());
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(Files.readString(target)).startsWith("[");
    assertThat(Files.getPosixFilePermissions(target)).as("an existing file keeps its mode")
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void noOutputOrDashIsStandardOutput() throws Exception {
    CliRun r = cliAsLaunched("costs", "export", "--db", db, "--format", "csv");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("exported 1 records");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void pricingImportWritesTheSameWay() throws Exception {
    Path litellm = Files.writeString(dir.resolve("litellm.json"), """
        {"claude-x": {"litellm_provider": "anthropic", "mode": "chat", "input_cost_per_token": 0.000003,
                      "output_cost_per_token": 0.000015}}
        """);
    Path real = Files.writeString(dir.resolve("prices-real.yaml"), "keep");
    Path link = Files.createSymbolicLink(dir.resolve("prices.yaml"), real);

    CliRun refused = cliAsLaunched("costs", "pricing", "import", "--litellm", litellm.toString(), "--output", link.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("refusing to write " + link);
    assertThat(Files.readString(real)).isEqualTo("keep");

    Path target = dir.resolve("new-prices.yaml");
    CliRun written = cliAsLaunched("costs", "pricing", "import", "--litellm", litellm.toString(), "--output", target.toString());
    assertThat(written.exit()).as(written.err()).isZero();
    assertThat(Files.readString(target)).contains("claude-x");
    assertThat(Files.getPosixFilePermissions(target)).isEqualTo(underUmask("rw-r--r--"));
  }

  /** What a file created with {@code mode} gets under this process's umask (022 gives rw-r--r--). */
  private Set<PosixFilePermission> underUmask(String mode) throws Exception {
    Path probe = Files.createFile(dir.resolve("umask-probe"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
    Set<PosixFilePermission> allowed = Files.getPosixFilePermissions(probe);
    Files.delete(probe);
    Set<PosixFilePermission> wanted = PosixFilePermissions.fromString(mode);
    wanted.retainAll(allowed);
    return wanted;
  }

  private java.util.List<Path> leftovers() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }
}
