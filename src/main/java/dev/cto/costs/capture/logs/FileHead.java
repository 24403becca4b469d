package dev.cto.costs.capture.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A file's identity: the hash of its first bytes, which appending never changes. */
final class FileHead {

  static final int MAX_LENGTH = 1024;

  private FileHead() {}

  static String hash(Path file, int length) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(length);
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(head));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  /** Where to start reading: after what was read before, or from the start when the file is not the same one. */
  static boolean sameFile(Path file, long size, FileState before) throws IOException {
    return before != null && size >= before.offset() && hash(file, before.headLength()).equals(before.head());
  }
}
