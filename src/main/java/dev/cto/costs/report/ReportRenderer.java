package dev.cto.costs.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.cto.costs.report.View.Cell;
import dev.cto.costs.report.View.Section;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Renders any report in any {@link Format}; JSON is the docs/reports.md document, the rest a {@link View}. */
public final class ReportRenderer {

  /** snake_case, exact decimals, RFC 3339 timestamps: the JSON of docs/reports.md. */
  public static final ObjectMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .build();

  private ReportRenderer() {}

  /** The document on one line, with the same names and exact decimals (webhook bodies). */
  public static String compact(com.fasterxml.jackson.databind.JsonNode document) {
    try {
      return JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree always serialises", e);
    }
  }

  public static void render(Object report, Format format, PrintWriter out) {
    render(report, format, out, TableStyle.PLAIN);
  }

  /** @param style how the {@code table} format fits the terminal; the other formats ignore it */
  public static void render(Object report, Format format, PrintWriter out, TableStyle style) {
    switch (format) {
      case JSON -> json(report, out);
      case TABLE -> new TableWriter(style, out).write(Views.of(report, format));
      case MARKDOWN -> markdown(Views.of(report, format), out);
      case CSV -> csv(Views.of(report, format), out);
    }
    out.flush();
  }

  private static void json(Object report, PrintWriter out) {
    try {
      out.println(JSON.writeValueAsString(report));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void markdown(View v, PrintWriter out) {
    out.println("## " + v.markdownTitle());
    out.println();
    v.facts().forEach(f -> out.println("- **" + md(f.label()) + "**: " + md(f.value())));
    for (Section s : v.sections()) {
      out.println();
      out.println("### " + md(s.title()));
      out.println();
      out.println("| " + String.join(" | ", s.columns().stream().map(ReportRenderer::md).toList()) + " |");
      List<String> align = new ArrayList<>();
      for (int c = 0; c < s.columns().size(); c++) {
        align.add(s.rows().get(0).get(c).numeric() ? "---:" : "---");
      }
      out.println("| " + String.join(" | ", align) + " |");
      for (List<Cell> row : s.rows()) {
        out.println("| " + String.join(" | ", row.stream().map(c -> md(c.display())).toList()) + " |");
      }
    }
    if (!v.notes().isEmpty()) {
      out.println();
      v.notes().forEach(n -> out.println("> ⚠ " + md(n)));
    }
  }

  /** One block per section: a header row (with the section name first), then its rows. */
  static void csv(View v, PrintWriter out) {
    boolean first = true;
    for (Section s : v.sections()) {
      if (!first) {
        out.println();
      }
      first = false;
      List<String> header = new ArrayList<>();
      header.add("section");
      s.columns().forEach(c -> header.add(csvName(c)));
      out.println(String.join(",", header.stream().map(ReportRenderer::csvField).toList()));
      for (List<Cell> row : s.rows()) {
        List<String> cells = new ArrayList<>();
        cells.add(csvField(csvName(s.title())));
        row.forEach(c -> cells.add(csvField(c.raw())));
        out.println(String.join(",", cells));
      }
    }
  }

  private static String csvName(String label) {
    return label.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
  }

  /** RFC 4180 quoting, formulas neutralised: see {@link Escape#csv}. */
  static String csvField(String value) {
    return Escape.csv(value);
  }

  static String md(String s) {
    return Escape.markdown(s);
  }
}
