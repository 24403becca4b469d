package dev.cto.costs.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A report laid out for people, independent of the output format: a title, key facts, tables and
 * notes. Table, Markdown and CSV renderers all draw from this, so they always show the same
 * numbers. Each cell keeps its raw value (for CSV) next to its display form.
 */
record View(String title, String markdownTitle, List<Fact> facts, List<Section> sections, List<String> notes) {

  /** What a value says about the budget: a terminal shows it in colour (green, yellow, red). */
  enum Tone {
    NONE, OK, WARNING, ERROR;

    static Tone of(String thresholdStatus) {
      return thresholdStatus == null ? NONE : switch (thresholdStatus) {
        case "ok" -> OK;
        case "warning" -> WARNING;
        case "error" -> ERROR;
        default -> NONE;
      };
    }
  }

  record Fact(String label, String value, Tone tone) {}

  record Cell(String raw, String display, boolean numeric, Tone tone) {
    static Cell text(String s) {
      return new Cell(s == null ? "" : s, s == null ? "-" : s, false, Tone.NONE);
    }

    static Cell status(String thresholdStatus) {
      return new Cell(thresholdStatus == null ? "" : thresholdStatus, thresholdStatus == null ? "-" : thresholdStatus, false,
          Tone.of(thresholdStatus));
    }

    static Cell count(long n) {
      return new Cell(Long.toString(n), Numbers.count(n), true, Tone.NONE);
    }

    static Cell money(java.math.BigDecimal usd) {
      return new Cell(usd == null ? "" : usd.toPlainString(), Numbers.dollars(usd), true, Tone.NONE);
    }

    static Cell percent(java.math.BigDecimal p) {
      return new Cell(p == null ? "" : p.toPlainString(), Numbers.percent(p), true, Tone.NONE);
    }
  }

  record Section(String title, List<String> columns, List<List<Cell>> rows) {}

  static Builder builder(String title) {
    return new Builder(title, Escape.markdown(title));
  }

  /**
   * A title that holds a stored name: {@code markdownTitle} has only that name escaped, so our own
   * words (such as the PR's own {@code #123}) stay as written.
   */
  static Builder builder(String title, String markdownTitle) {
    return new Builder(title, markdownTitle);
  }

  static final class Builder {
    private final String title;
    private final String markdownTitle;
    private final List<Fact> facts = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Builder(String title, String markdownTitle) {
      this.title = title;
      this.markdownTitle = markdownTitle;
    }

    Builder fact(String label, String value) {
      return fact(label, value, Tone.NONE);
    }

    Builder fact(String label, String value, Tone tone) {
      facts.add(new Fact(label, value, tone));
      return this;
    }

    Builder section(String sectionTitle, List<String> columns, List<List<Cell>> rows) {
      if (!rows.isEmpty()) {
        sections.add(new Section(sectionTitle, columns, rows));
      }
      return this;
    }

    Builder note(String note) {
      notes.add(note);
      return this;
    }

    View build() {
      return new View(title, markdownTitle, facts, sections, notes);
    }
  }
}
