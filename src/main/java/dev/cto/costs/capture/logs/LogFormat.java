package dev.cto.costs.capture.logs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Where a CLI keeps its logs and how to read one file of them. */
interface LogFormat {

  /** Reads the lines of one file, in order. */
  interface FileReader {
    /** The call on the line {@code buf[off, off + len)}, or null for a line that carries no usage. */
    LogCall parse(byte[] buf, int off, int len) throws BadLineException;

    /** What to save to resume after the last line parsed. */
    Map<String, String> state();
  }

  /**
   * A log file as the walk found it, with the size and modification time the walk read anyway:
   * enough to tell an untouched file on a re-run without a second stat.
   */
  record Found(Path path, long size, long modified) {}

  /** What a walk found: the log files, sorted by path, and the files and folders it could not read. */
  record Listing(List<Found> files, List<Unreadable> unreadable) {}

  String cli();

  /**
   * The log files under a root (the CLI's config folder, or the logs folder itself). A folder
   * that cannot be read is listed as such and the walk goes on with the others.
   */
  Listing files(Path root);

  FileReader open(Path root, Path file, Map<String, String> state);

  /**
   * Files whose lines may hold copies of the same responses; a group's responses are final once
   * all its files are read. Files of a group are adjacent in {@link #files} order.
   */
  Object group(Path root, Path file);

  LogFormat CLAUDE_CODE = new LogFormat() {
    @Override
    public String cli() {
      return ClaudeCodeLine.CLI;
    }

    @Override
    public Listing files(Path root) {
      return list(root, "projects", p -> p.getFileName().toString().endsWith(".jsonl"));
    }

    /** A project folder: a session's file and its subagents' sidechain files replaying its messages. */
    @Override
    public Object group(Path root, Path file) {
      Path project = project(root, file);
      return project != null ? listedUnder(root, file, "projects").resolve(project) : file;
    }

    @Override
    public FileReader open(Path root, Path file, Map<String, String> state) {
      Path project = project(root, file);
      return new ClaudeCodeLine(project == null ? null : project.toString());
    }

    /** The folder Claude Code keeps a session's logs in (the encoded cwd), or null for a file at the top. */
    private Path project(Path root, Path file) {
      Path relative = listedUnder(root, file, "projects").relativize(file);
      return relative.getNameCount() > 1 ? relative.getName(0) : null;
    }
  };

  LogFormat CODEX = new LogFormat() {
    @Override
    public String cli() {
      return CodexSession.CLI;
    }

    @Override
    public Listing files(Path root) {
      return list(root, "sessions", p -> {
        String name = p.getFileName().toString();
        return name.startsWith("rollout-") && name.endsWith(".jsonl");
      });
    }

    /** A rollout file is one session: its records are its own. */
    @Override
    public Object group(Path root, Path file) {
      return file;
    }

    @Override
    public FileReader open(Path root, Path file, Map<String, String> state) {
      String name = file.getFileName().toString();
      return new CodexSession(state, name.substring(0, name.length() - ".jsonl".length()));
    }
  };

  /** Users point at the CLI's home ({@code ~/.claude}) or straight at its logs folder: both work. */
  private static Path logs(Path root, String folder) {
    Path inside = root.resolve(folder);
    return Files.isDirectory(inside) ? inside : root;
  }

  /** The logs of {@link #logs}; a logs folder that is a link to nothing readable is said so, not taken as empty. */
  private static Listing list(Path root, String folder, Predicate<Path> wanted) {
    Path inside = root.resolve(folder);
    if (Files.isSymbolicLink(inside) && !Files.isDirectory(inside)) {
      // ~/.claude/projects pointing at a volume not mounted (yet): the next run looks again
      String target;
      try {
        target = Files.readSymbolicLink(inside).toString();
      } catch (IOException e) {
        target = "?";
      }
      return new Listing(List.of(), List.of(new Unreadable(inside, true, "a link to " + target + ", not a folder that exists")));
    }
    return walk(logs(root, folder), wanted);
  }

  /**
   * The folder {@link #logs} chose for a file {@link #files} found under {@code root}: the same
   * answer without a stat per file (a file under {@code root/folder} was found there only if
   * that is a folder).
   */
  private static Path listedUnder(Path root, Path file, String folder) {
    Path inside = root.resolve(folder);
    return file.startsWith(inside) ? inside : root;
  }

  /**
   * The files under {@code dir}. A {@code dir} that is itself a link (say {@code ~/.claude/projects}
   * kept on another volume) is followed; links inside it are not, so a link back up the tree cannot
   * make the walk loop. Files keep their path under {@code dir}, the path the user gave.
   */
  private static Listing walk(Path dir, Predicate<Path> wanted) {
    if (!Files.isDirectory(dir)) {
      return new Listing(List.of(), List.of());
    }
    Path walked;
    try {
      walked = Files.isSymbolicLink(dir) ? dir.toRealPath() : dir;
    } catch (IOException e) {
      return new Listing(List.of(), List.of(Unreadable.folder(dir, e)));
    }
    // a visitor rather than Files.find: the same walk without a stream pipeline to start up, which
    // is a measurable part of a re-run that has nothing else to do
    List<Found> found = new ArrayList<>();
    List<Unreadable> unreadable = new ArrayList<>();
    try {
      Files.walkFileTree(walked, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          if (attributes.isRegularFile() && wanted.test(file)) {
            found.add(new Found(asGiven(file), attributes.size(), attributes.lastModifiedTime().toMillis()));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path entry, IOException e) {
          return skip(entry, e); // a folder it could not open (a file's attributes come with its folder's listing)
        }

        @Override
        public FileVisitResult postVisitDirectory(Path folder, IOException e) {
          return e == null ? FileVisitResult.CONTINUE : skip(folder, e);
        }

        /** A folder that cannot be read: listed, the walk goes on; one deleted meanwhile is simply gone. */
        private FileVisitResult skip(Path folder, IOException e) {
          if (!(e instanceof NoSuchFileException)) {
            unreadable.add(Unreadable.folder(asGiven(folder), e));
          }
          return FileVisitResult.CONTINUE;
        }

        private Path asGiven(Path file) {
          return walked == dir ? file : dir.resolve(walked.relativize(file));
        }
      });
    } catch (IOException e) {
      unreadable.add(Unreadable.folder(dir, e)); // the visitor handles every failure; kept for the checked signature
    }
    found.sort(Comparator.comparing(Found::path));
    return new Listing(found, unreadable);
  }
}
