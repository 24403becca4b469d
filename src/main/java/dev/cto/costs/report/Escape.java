package dev.cto.costs.report;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Makes stored strings (agent, model, stage, repository names: whatever an agent reported) safe
 * for the reader they are shown to. Names are not trusted: {@code "\e]0;pwned\a\e[2J"} as an agent
 * name would otherwise retitle and clear the terminal of whoever runs {@code show}, and
 * {@code "@org/team"} in a PR comment would notify a whole team.
 */
public final class Escape {

  /** A zero-width joiner: invisible, but it stops GitHub from seeing a mention, reference or link. */
  static final char ZWJ = '\u200D';

  private static final Pattern MENTION_OR_REF = Pattern.compile("([@#])(?=[\\p{Alnum}_-])");
  private static final Pattern AUTOLINK = Pattern.compile("(?i)(https?|ftp|mailto|www)(?=[:.])");
  private static final Pattern FORMULA = Pattern.compile("^[ \\t\\r\\n]*[=+\\-@\\t\\r].*", Pattern.DOTALL);
  private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

  private Escape() {}

  /**
   * Printable text only: C0 and C1 control characters, DEL and the bidirectional overrides
   * (which can make a name read backwards) become visible escapes such as {@code \x1b}.
   */
  public static String terminal(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String escaped = unsafeForTerminal(c) ? (c < 0x100 ? String.format(Locale.ROOT, "\\x%02x", (int) c)
          : String.format(Locale.ROOT, "\\u%04x", (int) c)) : null;
      if (escaped != null && out == null) {
        out = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (out != null) {
        out.append(escaped != null ? escaped : String.valueOf(c));
      }
    }
    return out == null ? s : out.toString();
  }

  private static boolean unsafeForTerminal(char c) {
    return c < 0x20 || c >= 0x7f && c < 0xa0 || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069'
        || c == '\u200e' || c == '\u200f' || c == '\u061c';
  }

  /**
   * Text for a Markdown table cell or paragraph (GitHub-flavoured): raw HTML is shown, not
   * rendered; links, images and emphasis are escaped; {@code @mentions}, {@code #123} references
   * and bare URLs get an invisible joiner so GitHub neither notifies nor links; line breaks and
   * control characters cannot end the table row.
   */
  public static String markdown(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '\\', '|', '[', ']', '`', '*', '_', '~' -> out.append('\\').append(c);
        case '\r', '\n', '\t' -> out.append(' ');
        default -> out.append(c);
      }
    }
    String text = terminal(out.toString());
    text = MENTION_OR_REF.matcher(text).replaceAll("$1" + ZWJ);
    return AUTOLINK.matcher(text).replaceAll("$1" + ZWJ);
  }

  /**
   * One CSV field (RFC 4180 quoting). A field a spreadsheet would run as a formula (a leading
   * {@code = + - @}, TAB or CR, also after leading spaces: OWASP's CSV injection advice) gets a
   * leading {@code '}; plain numbers such as {@code -1.5} stay numbers.
   */
  public static String csv(String value) {
    String v = value == null ? "" : value;
    if (FORMULA.matcher(v).matches() && !NUMBER.matcher(v).matches()) {
      v = "'" + v;
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}
