package dev.cto.costs.report;

import static dev.cto.costs.report.View.Cell.count;
import static dev.cto.costs.report.View.Cell.money;
import static dev.cto.costs.report.View.Cell.percent;
import static dev.cto.costs.report.View.Cell.text;

import dev.cto.costs.report.Lines.UnpricedLine;
import dev.cto.costs.report.View.Cell;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Lays each report type out as a {@link View}. */
final class Views {

  private Views() {}

  static View of(Object report) {
    return of(report, Format.TABLE);
  }

  static View of(Object report, Format format) {
    if (report instanceof Presentable p) {
      return p.view(format);
    } else if (report instanceof PrReport r) {
      return pr(r);
    } else if (report instanceof AgentReport r) {
      return agent(r);
    } else if (report instanceof Comparison r) {
      return comparison(r);
    } else if (report instanceof Summary r) {
      return summary(r);
    } else if (report instanceof PrListing r) {
      return prList(r);
    }
    throw new IllegalArgumentException("no layout for " + report.getClass().getSimpleName());
  }

  static View pr(PrReport r) {
    String repo = r.repository() == null ? "" : r.repository();
    View.Builder b = View.builder("Cost report: " + repo + " PR #" + r.prNumber(),
        "Cost report: " + Escape.markdown(repo) + " PR #" + r.prNumber());
    b.fact("Total cost", Numbers.dollars(r.totalCostUsd()) + unpricedSuffix(r.unpricedRecords()))
        .fact("Tokens", tokens(r.totalInputTokens(), r.totalOutputTokens(), r.totalCacheCreationInputTokens(), r.totalCacheReadInputTokens()))
        .fact("Model calls", Numbers.count(r.records()))
        .fact("Period", period(r.startedAt(), r.completedAt()))
        .fact("Budget", status(r), r.warningThresholdUsd() == null && r.errorThresholdUsd() == null
            ? View.Tone.NONE : View.Tone.of(r.thresholdStatus()));
    b.section("By agent", List.of("Agent", "Iterations", "Input", "Output", "Cache write", "Cache read", "Calls", "Cost"),
        r.agents().stream().map(a -> List.of(text(a.agent()), count(a.iterations()), count(a.inputTokens()), count(a.outputTokens()),
            count(a.cacheCreationInputTokens()), count(a.cacheReadInputTokens()), count(a.records()), money(a.costUsd()))).toList());
    b.section("By stage", List.of("Stage", "Input", "Output", "Cost", "% of total"),
        r.stages().stream().map(s -> List.of(text(s.stage()), count(s.inputTokens()), count(s.outputTokens()), money(s.costUsd()), percent(s.percent()))).toList());
    b.section("By model", List.of("Model", "Provider", "Input", "Output", "Cache write", "Cache read", "Calls", "Cost"),
        r.models().stream().map(m -> List.of(text(m.model()), text(m.provider()), count(m.inputTokens()), count(m.outputTokens()),
            count(m.cacheCreationInputTokens()), count(m.cacheReadInputTokens()), count(m.records()), money(m.costUsd()))).toList());
    if (r.iterations() != null) {
      b.section("By iteration", List.of("Agent", "Iteration", "Input", "Output", "Cost"),
          r.iterations().stream().map(i -> List.of(text(i.agent()), count(i.iteration()), count(i.inputTokens()), count(i.outputTokens()), money(i.costUsd()))).toList());
    }
    unpriced(b, r.unpriced());
    return b.build();
  }

  static View agent(AgentReport r) {
    View.Builder b = View.builder("Cost report: agent " + r.agent(), "Cost report: agent " + Escape.markdown(r.agent()));
    b.fact("Period", period(r.since(), r.until()))
        .fact("Total cost", Numbers.dollars(r.totalCostUsd()) + unpricedSuffix(r.unpricedRecords()))
        .fact("Tokens", tokens(r.totalInputTokens(), r.totalOutputTokens(), r.totalCacheCreationInputTokens(), r.totalCacheReadInputTokens()))
        .fact("Model calls", Numbers.count(r.records()))
        .fact("PRs", Numbers.count(r.prs().stream().filter(p -> p.prNumber() != null).count()));
    b.section("By PR", List.of("Repository", "PR", "Iterations", "Calls", "Cost"),
        r.prs().stream().map(p -> List.of(text(p.repository()), p.prNumber() == null ? text("(no PR)") : count(p.prNumber()),
            count(p.iterations()), count(p.records()), money(p.costUsd()))).toList());
    b.section("By model", List.of("Model", "Provider", "Input", "Output", "Calls", "Cost"),
        r.models().stream().map(m -> List.of(text(m.model()), text(m.provider()), count(m.inputTokens()), count(m.outputTokens()), count(m.records()), money(m.costUsd()))).toList());
    b.section("By stage", List.of("Stage", "Input", "Output", "Cost", "% of total"),
        r.stages().stream().map(s -> List.of(text(s.stage()), count(s.inputTokens()), count(s.outputTokens()), money(s.costUsd()), percent(s.percent()))).toList());
    b.section("By day", List.of("Date (UTC)", "Calls", "Cost"),
        r.daily().stream().map(d -> List.of(text(d.date().toString()), count(d.records()), money(d.costUsd()))).toList());
    unpriced(b, r.unpriced());
    return b.build();
  }

  static View comparison(Comparison c) {
    View.Builder b = View.builder("PR comparison");
    b.section("PRs", List.of("Repository", "PR", "Agents", "Calls", "Input", "Output", "Cost", "Budget"),
        c.reports().stream().map(r -> List.of(text(r.repository()), count(r.prNumber()), count(r.agents().size()), count(r.records()),
            count(r.totalInputTokens()), count(r.totalOutputTokens()), money(r.totalCostUsd()), Cell.status(r.thresholdStatus()))).toList());
    List<List<Cell>> agentRows = new ArrayList<>();
    for (PrReport r : c.reports()) {
      r.agents().forEach(a -> agentRows.add(List.of(count(r.prNumber()), text(a.agent()), count(a.iterations()), count(a.inputTokens()), count(a.outputTokens()), money(a.costUsd()))));
    }
    b.section("Agents per PR", List.of("PR", "Agent", "Iterations", "Input", "Output", "Cost"), agentRows);
    List<List<Cell>> stageRows = new ArrayList<>();
    for (PrReport r : c.reports()) {
      r.stages().forEach(s -> stageRows.add(List.of(count(r.prNumber()), text(s.stage()), money(s.costUsd()), percent(s.percent()))));
    }
    b.section("Stages per PR", List.of("PR", "Stage", "Cost", "% of PR"), stageRows);
    if (!c.missingPrs().isEmpty()) {
      b.note("no cost data for PR " + String.join(", ", c.missingPrs().stream().map(pr -> "#" + pr).toList())
          + ": left out of the comparison");
    }
    long unpricedRecords = c.reports().stream().mapToLong(PrReport::unpricedRecords).sum();
    if (unpricedRecords > 0) {
      b.note(Numbers.count(unpricedRecords) + " records have no price and are not in the costs: run `cto-cli costs pricing check`");
    }
    return b.build();
  }

  static View summary(Summary s) {
    View.Builder b = View.builder("Cost summary");
    b.fact("Period", period(s.from(), s.to()))
        .fact("Total cost", Numbers.dollars(s.totalCostUsd()) + unpricedSuffix(s.unpricedRecords()))
        .fact("Tokens", tokens(s.totalInputTokens(), s.totalOutputTokens(), s.totalCacheCreationInputTokens(), s.totalCacheReadInputTokens()))
        .fact("Model calls", Numbers.count(s.records()))
        .fact("PRs", Numbers.count(s.prs()));
    b.section("By agent", List.of("Agent", "Input", "Output", "Calls", "Cost"),
        s.byAgent().stream().map(a -> List.of(text(a.agent()), count(a.inputTokens()), count(a.outputTokens()), count(a.records()), money(a.costUsd()))).toList());
    b.section("By model", List.of("Model", "Provider", "Input", "Output", "Calls", "Cost"),
        s.byModel().stream().map(m -> List.of(text(m.model()), text(m.provider()), count(m.inputTokens()), count(m.outputTokens()), count(m.records()), money(m.costUsd()))).toList());
    b.section("By stage", List.of("Stage", "Input", "Output", "Cost", "% of total"),
        s.byStage().stream().map(x -> List.of(text(x.stage()), count(x.inputTokens()), count(x.outputTokens()), money(x.costUsd()), percent(x.percent()))).toList());
    b.section("Top PRs", List.of("Repository", "PR", "Iterations", "Calls", "Cost"),
        s.topPrs().stream().map(p -> List.of(text(p.repository()), count(p.prNumber()), count(p.iterations()), count(p.records()), money(p.costUsd()))).toList());
    b.section("By day", List.of("Date (UTC)", "Calls", "Cost"),
        s.byDay().stream().map(d -> List.of(text(d.date().toString()), count(d.records()), money(d.costUsd()))).toList());
    unpriced(b, s.unpriced());
    return b.build();
  }

  static View prList(PrListing l) {
    View.Builder b = View.builder("Pull requests by " + (l.sort().equals("date") ? "last activity" : "cost"));
    if (l.repository() != null) {
      b.fact("Repository", l.repository());
    }
    if (l.agent() != null) {
      b.fact("Agent", l.agent() + " (its share of each PR)");
    }
    b.fact("Period", period(l.since(), l.until()))
        .fact("PRs", Numbers.count(l.total()) + (l.prs().size() < l.total() ? " (showing " + Numbers.count(l.prs().size()) + ")" : ""));
    b.section("PRs", List.of("Repository", "PR", "Iterations", "Calls", "Input", "Output", "Last activity", "Cost", "Budget"),
        l.prs().stream().map(p -> List.of(text(p.repository()), count(p.prNumber()), count(p.iterations()), count(p.records()),
            count(p.inputTokens()), count(p.outputTokens()), text(p.lastAt() == null ? null : p.lastAt().toString()),
            money(p.costUsd()), Cell.status(p.thresholdStatus()))).toList());
    long unpriced = l.prs().stream().mapToLong(Lines.PrListLine::unpricedRecords).sum();
    if (unpriced > 0) {
      b.note(Numbers.count(unpriced) + " records have no price and are not in the costs: run `cto-cli costs pricing check`");
    }
    return b.build();
  }

  private static void unpriced(View.Builder b, List<UnpricedLine> unpriced) {
    for (UnpricedLine u : unpriced) {
      b.note(Numbers.count(u.records()) + " records of '" + u.model() + "' have no price (" + Numbers.count(u.inputTokens())
          + " input, " + Numbers.count(u.outputTokens()) + " output tokens, not in the costs above): add a price, then run `cto-cli costs reprice`");
    }
  }

  private static String unpricedSuffix(long unpriced) {
    return unpriced == 0 ? "" : " (+ " + Numbers.count(unpriced) + " unpriced records)";
  }

  private static String tokens(long in, long out, long write, long read) {
    return Numbers.count(in) + " input, " + Numbers.count(out) + " output, " + Numbers.count(write) + " cache write, "
        + Numbers.count(read) + " cache read";
  }

  private static String period(Instant from, Instant to) {
    return (from == null ? "the beginning" : from.toString()) + " → " + (to == null ? "now" : to.toString());
  }

  private static String status(PrReport r) {
    if (r.warningThresholdUsd() == null && r.errorThresholdUsd() == null) {
      return "no thresholds configured";
    }
    String icon = switch (r.thresholdStatus()) {
      case "error" -> "✖ ERROR";
      case "warning" -> "⚠ WARNING";
      default -> "✔ ok";
    };
    return icon + " (warning " + Numbers.dollars(r.warningThresholdUsd()) + ", error " + Numbers.dollars(r.errorThresholdUsd()) + ")";
  }
}
