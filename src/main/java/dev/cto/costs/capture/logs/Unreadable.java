package dev.cto.costs.capture.logs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Path;

/**
 * A log file or folder an import could not read this time (permissions, a file replaced by
 * something that is not a file, an I/O error). It is listed for the user and left out of the
 * saved state, so the next run (or the next {@code --watch} pass) tries it again; the other files
 * are imported as usual.
 *
 * @param path the file or folder
 * @param folder whether it is a folder (whose files are then not known)
 * @param reason what the system said, in words ("permission denied")
 */
public record Unreadable(Path path, boolean folder, String reason) {

  static Unreadable file(Path path, IOException e) {
    return new Unreadable(path, false, reason(e));
  }

  static Unreadable folder(Path path, IOException e) {
    return new Unreadable(path, true, reason(e));
  }

  @Override
  public String toString() {
    return path + (folder ? "/ (folder)" : "") + ": " + reason;
  }

  /** The system's reason without the path that the exception's message repeats. */
  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemLoopException) {
      return "a link loop";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
