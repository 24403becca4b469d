package dev.cto.costs.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Every file a command writes ({@code export --output}, {@code pricing import --output}): into a
 * temporary file beside the target, synced, then renamed over it, so a reader sees the old file or
 * the whole new one. Never through or over a symbolic link or onto a device: as root, {@code
 * --output /dev/stdout} once replaced the system's {@code /dev/stdout} with a regular file. The new
 * file gets mode 0644 under the umask (an existing file's own mode is kept), as any editor would.
 */
final class FileOutput {

  /** What writes the content. */
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");

  private FileOutput() {}

  /** {@code -} means standard output. */
  static boolean isStdout(String output) {
    return output == null || output.equals("-");
  }

  /** @return the absolute path written */
  static Path write(String output, Content content) throws IOException {
    Path target = Path.of(output).toAbsolutePath();
    refuseUnsafe(target);
    Path dir = target.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw UserInputException.data("cannot write " + target + ": the directory " + dir + " does not exist");
    }
    Set<PosixFilePermission> mode = Files.exists(target, LinkOption.NOFOLLOW_LINKS)
        ? Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS) : NEW_FILE;
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attributes = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
        : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attributes);
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        content.writeTo(out);
        out.flush();
        channel.force(true);
      }
      refuseUnsafe(target); // it may have been swapped for a link while we wrote
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void refuseUnsafe(Path target) {
    if (Files.isSymbolicLink(target)) {
      throw UserInputException.data("refusing to write " + target + ": it is a symbolic link; name the file itself,"
          + " or use --output - for standard output");
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      String what = Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) ? "a directory" : "a device or other special file";
      throw UserInputException.data("refusing to write " + target + ": it is " + what + ", not a regular file;"
          + " use --output - for standard output");
    }
  }
}
