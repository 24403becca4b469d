package dev.cto.costs.report;

import dev.cto.costs.report.View.Cell;
import dev.cto.costs.report.View.Section;
import dev.cto.costs.report.View.Tone;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code table} format: aligned columns for a terminal. Every string is made printable
 * ({@link Escape#terminal}) because names come from agents; under an ASCII locale the symbols
 * become ASCII; a section wider than the terminal becomes one block per row; the budget status
 * is coloured when the {@link TableStyle} allows it.
 */
final class TableWriter {

  private static final Map<Character, String> ASCII = Map.ofEntries(
      Map.entry('→', "->"), Map.entry('✔', "+"), Map.entry('✖', "x"), Map.entry('⚠', "!"), Map.entry('…', "..."),
      Map.entry('—', "-"), Map.entry('–', "-"), Map.entry('·', "-"),
      // sparkline bars, lowest to highest, as an ASCII ramp of the same eight heights
      Map.entry('▁', "_"), Map.entry('▂', "."), Map.entry('▃', "-"), Map.entry('▄', "="), Map.entry('▅', "+"),
      Map.entry('▆', "*"), Map.entry('▇', "%"), Map.entry('█', "#"));
  private static final String RESET = "\u001b[0m";

  private final TableStyle style;
  private final PrintWriter out;

  TableWriter(TableStyle style, PrintWriter out) {
    this.style = style;
    this.out = out;
  }

  void write(View v) {
    String title = text(v.title());
    out.println(title);
    out.println("=".repeat(Math.min(width(title), style.columns())));
    int labels = v.facts().stream().mapToInt(f -> width(text(f.label()))).max().orElse(0);
    v.facts().forEach(f -> out.println(pad(text(f.label()) + ":", labels + 1, false) + "  " + colour(text(f.value()), f.tone())));
    for (Section s : v.sections()) {
      out.println();
      out.println(text(s.title()));
      List<String> columns = s.columns().stream().map(this::text).toList();
      List<List<String>> rows = s.rows().stream().map(r -> r.stream().map(c -> text(c.display())).toList()).toList();
      int[] widths = new int[columns.size()];
      for (int c = 0; c < widths.length; c++) {
        widths[c] = width(columns.get(c));
        for (List<String> row : rows) {
          widths[c] = Math.max(widths[c], width(row.get(c)));
        }
      }
      int total = 2 * widths.length;
      for (int w : widths) {
        total += w;
      }
      if (total > style.columns()) {
        blocks(s, columns, rows);
      } else {
        aligned(s, columns, rows, widths);
      }
    }
    if (!v.notes().isEmpty()) {
      out.println();
      v.notes().forEach(n -> out.println(text("⚠ " + n)));
    }
  }

  private void aligned(Section s, List<String> columns, List<List<String>> rows, int[] widths) {
    List<String> header = new ArrayList<>();
    for (int c = 0; c < widths.length; c++) {
      header.add(pad(columns.get(c), widths[c], s.rows().get(0).get(c).numeric()));
    }
    out.println("  " + String.join("  ", header).stripTrailing());
    List<String> rule = new ArrayList<>();
    for (int w : widths) {
      rule.add("-".repeat(w));
    }
    out.println("  " + String.join("  ", rule));
    for (int r = 0; r < rows.size(); r++) {
      List<String> cells = new ArrayList<>();
      for (int c = 0; c < widths.length; c++) {
        Cell cell = s.rows().get(r).get(c);
        String padded = pad(rows.get(r).get(c), widths[c], cell.numeric());
        cells.add(c == widths.length - 1 ? colour(padded.stripTrailing(), cell.tone()) : colour(padded, cell.tone()));
      }
      out.println("  " + String.join("  ", cells).stripTrailing());
    }
  }

  /** Narrow terminals: the first column heads a block, the others follow as "Column: value" lines. */
  private void blocks(Section s, List<String> columns, List<List<String>> rows) {
    int labels = columns.stream().skip(1).mapToInt(TableWriter::width).max().orElse(0);
    for (int r = 0; r < rows.size(); r++) {
      out.println("  " + colour(rows.get(r).get(0), s.rows().get(r).get(0).tone()));
      for (int c = 1; c < columns.size(); c++) {
        out.println("    " + pad(columns.get(c) + ":", labels + 1, false) + " " + colour(rows.get(r).get(c), s.rows().get(r).get(c).tone()));
      }
    }
  }

  /** Printable, and ASCII only when the locale cannot show more. */
  private String text(String s) {
    String printable = Escape.terminal(s);
    if (style.unicode()) {
      return printable;
    }
    StringBuilder b = new StringBuilder(printable.length());
    printable.codePoints().forEach(cp -> {
      if (cp < 0x80) {
        b.append((char) cp);
      } else if (cp <= 0xffff && ASCII.containsKey((char) cp)) {
        b.append(ASCII.get((char) cp));
      } else {
        b.append(cp <= 0xffff ? String.format(java.util.Locale.ROOT, "\\u%04x", cp) : String.format(java.util.Locale.ROOT, "\\U%08x", cp));
      }
    });
    return b.toString();
  }

  private String colour(String s, Tone tone) {
    if (!style.colour() || tone == Tone.NONE) {
      return s;
    }
    String code = switch (tone) {
      case OK -> "\u001b[32m";
      case WARNING -> "\u001b[33m";
      case ERROR -> "\u001b[1;31m";
      case NONE -> "";
    };
    return code + s + RESET;
  }

  private static int width(String s) {
    return s.codePointCount(0, s.length());
  }

  private static String pad(String s, int width, boolean right) {
    int n = width - width(s);
    if (n <= 0) {
      return s;
    }
    return right ? " ".repeat(n) + s : s + " ".repeat(n);
  }
}
