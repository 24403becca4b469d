package dev.cto.costs.cli;

import dev.cto.costs.report.TableStyle;
import java.util.Locale;
import java.util.Map;

/**
 * What the terminal the tables go to can show. Colour only on a terminal and never with
 * {@code NO_COLOR} set (https://no-color.org) or {@code TERM=dumb}; Unicode symbols only under a
 * UTF-8 locale ({@code LC_ALL}, else {@code LC_CTYPE}, else {@code LANG}, as POSIX reads them; with
 * none set, the JVM's {@code native.encoding}); the width from {@code COLUMNS} when the shell
 * exports it.
 */
final class Terminal {

  private Terminal() {}

  static TableStyle style() {
    return style(System.getenv(), System.getProperty("native.encoding", ""), System.console() != null);
  }

  static TableStyle style(Map<String, String> env, String nativeEncoding, boolean tty) {
    boolean colour = tty && isBlank(env.get("NO_COLOR")) && !"dumb".equals(env.get("TERM"));
    return new TableStyle(utf8(env, nativeEncoding), colour, columns(env.get("COLUMNS")));
  }

  private static boolean utf8(Map<String, String> env, String nativeEncoding) {
    for (String name : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
      String value = env.get(name);
      if (!isBlank(value)) {
        return isUtf8(value);
      }
    }
    return isUtf8(nativeEncoding);
  }

  private static boolean isUtf8(String localeOrCharset) {
    String s = localeOrCharset == null ? "" : localeOrCharset.toLowerCase(Locale.ROOT);
    return s.contains("utf-8") || s.contains("utf8");
  }

  private static int columns(String value) {
    try {
      int n = value == null ? 0 : Integer.parseInt(value.trim());
      return n > 0 ? n : Integer.MAX_VALUE;
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isEmpty();
  }
}
