package dev.cto.costs.store.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Which file a path names: on Unix the device and inode ({@link BasicFileAttributes#fileKey()}).
 * An open SQLite connection keeps writing to the file it opened even after that file was deleted
 * or another was moved over its path; comparing identities is how the store notices.
 */
record FileIdentity(Object key) {

  /** The identity of the file at {@code path} now, or null when there is none. */
  static FileIdentity of(Path path) {
    try {
      Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
      return new FileIdentity(key == null ? path.toRealPath().toString() : key);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      return null; // unreadable: as good as gone for this process
    }
  }
}
