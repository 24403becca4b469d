package dev.cto.costs.capture.logs;

import java.util.ArrayList;
import java.util.List;

/** Lines that could not be read: all counted, the first few kept so a user can go and look. */
final class BadLines {

  static final int LISTED = 10;

  private final List<String> first = new ArrayList<>();
  private long count;

  void add(String file, long line, String reason) {
    count++;
    if (first.size() < LISTED) {
      first.add(file + ":" + line + ": " + reason);
    }
  }

  /** Appends another file's bad lines (files are read in parallel, reported in order). */
  void addAll(BadLines other) {
    count += other.count;
    for (String line : other.first) {
      if (first.size() < LISTED) {
        first.add(line);
      }
    }
  }

  long count() {
    return count;
  }

  List<String> first() {
    return List.copyOf(first);
  }
}
