package dev.cto.costs.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A report laid out for people, independent of the output format: a title, key facts, tables and
 * notes. Table, Markdown and CSV renderers all draw from this, so they always show the same
 * numbers. Each cell keeps its raw value (for CSV) next to its display form.
 */
record View(String title, List<Fact> facts, List<Section> sections, List<String> notes) {

  record Fact(String label, String value) {}

  record Cell(String raw, String display, boolean numeric) {
    static Cell text(String s) {
      return new Cell(s == null ? "" : s, s == null ? "-" : s, false);
    }

    static Cell count(long n) {
      return new Cell(Long.toString(n), Numbers.count(n), true);
    }

    static Cell money(java.math.BigDecimal usd) {
      return new Cell(usd == null ? "" : usd.toPlainString(), Numbers.dollars(usd), true);
    }

    static Cell percent(java.math.BigDecimal p) {
      return new Cell(p == null ? "" : p.toPlainString(), Numbers.percent(p), true);
    }
  }

  record Section(String title, List<String> columns, List<List<Cell>> rows) {}

  static Builder builder(String title) {
    return new Builder(title);
  }

  static final class Builder {
    private final String title;
    private final List<Fact> facts = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Builder(String title) {
      this.title = title;
    }

    Builder fact(String label, String value) {
      facts.add(new Fact(label, value));
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
      return new View(title, facts, sections, notes);
    }
  }
}
