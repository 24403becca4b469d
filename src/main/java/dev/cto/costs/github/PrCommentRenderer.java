package dev.cto.costs.github;

import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.ThresholdLevel;
import dev.cto.costs.report.Numbers;
import dev.cto.costs.report.PrReport;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The PR cost comment in its original shape ({@code ## 💰 Cost Report}, total, agents, stages) plus
 * change since the last update, budget status, models, cache tokens, unpriced usage and a collapsed
 * per-iteration breakdown. Always ends with the metadata and the exact marker; a body over
 * GitHub's limit loses the iteration details first, then the tails of long tables.
 */
public final class PrCommentRenderer {

  /** GitHub rejects comment bodies over 65,536 characters; stay clear of it. */
  public static final int MAX_BODY = 65_000;

  private static final int[] ROW_LIMITS = {Integer.MAX_VALUE, 200, 50, 10, 3};

  private final int maxBody;

  public PrCommentRenderer() {
    this(MAX_BODY);
  }

  PrCommentRenderer(int maxBody) {
    this.maxBody = maxBody;
  }

  /**
   * @param stamp what the report was computed from; its baseline, if any, gives the change line
   * @param crossing a threshold crossing being announced now, or null
   */
  public String render(PrReport report, CommentMarker.Stamp stamp, ThresholdCrossing crossing) {
    String tail = "\n" + stamp.line() + "\n" + CommentMarker.report(report.repository(), report.prNumber()) + "\n";
    int room = maxBody - tail.length();
    String content = null;
    for (int limit : ROW_LIMITS) {
      for (boolean details : new boolean[] {true, false}) {
        if (details && limit != Integer.MAX_VALUE) {
          continue; // the per-iteration breakdown goes before any table is cut
        }
        content = new Body(report, stamp, crossing, details, limit).text();
        if (content.length() <= room) {
          return content + tail;
        }
      }
    }
    // Only reachable with absurd notes; the marker must survive whatever is cut.
    String cut = "\n\n… (shortened to fit GitHub's comment size limit)\n";
    return content.substring(0, Math.max(0, room - cut.length())) + cut + tail;
  }

  /** The error-threshold announcement, posted once as its own comment. */
  public String renderErrorAlert(PrReport report, ThresholdCrossing crossing) {
    return "## 🚨 Cost error threshold reached\n\n"
        + "This PR has cost **" + Numbers.dollars(crossing.total().toBigDecimal()) + "**, reaching the error threshold of **"
        + Numbers.dollars(crossing.threshold().toBigDecimal()) + "** (at " + crossing.crossedAt() + ").\n"
        + "See the cost report comment for the breakdown by agent and stage.\n\n"
        + CommentMarker.errorAlert(report.repository(), report.prNumber()) + "\n";
  }

  static String status(PrReport r, ThresholdCrossing crossing) {
    ThresholdLevel level = ThresholdLevel.valueOf(r.thresholdStatus().toUpperCase(java.util.Locale.ROOT));
    if (crossing != null && crossing.level().compareTo(level) > 0) {
      level = crossing.level();
    }
    String lines = thresholds(r);
    if (r.warningThresholdUsd() == null && r.errorThresholdUsd() == null && crossing == null) {
      return "**Budget**: no thresholds configured";
    }
    return switch (level) {
      case ERROR -> "**Budget**: 🔴 **error** — the error threshold is reached (" + lines + ")";
      case WARNING -> "**Budget**: 🟡 **warning** — the warning threshold is reached (" + lines + ")";
      case OK -> "**Budget**: 🟢 ok (" + lines + ")";
    };
  }

  private static String thresholds(PrReport r) {
    List<String> parts = new ArrayList<>();
    if (r.warningThresholdUsd() != null) {
      parts.add("warning at " + Numbers.dollars(r.warningThresholdUsd()));
    }
    if (r.errorThresholdUsd() != null) {
      parts.add("error at " + Numbers.dollars(r.errorThresholdUsd()));
    }
    return String.join(", ", parts);
  }

  static String change(CommentMarker.Stamp stamp) {
    if (stamp.baselineNanos() == null) {
      return null;
    }
    long delta = stamp.totalNanos() - stamp.baselineNanos();
    if (delta == 0) {
      return "no change since the last update";
    }
    String amount = Numbers.dollars(BigDecimal.valueOf(Math.abs(delta), 9));
    return (delta > 0 ? "+" : "-") + amount + " since the last update";
  }
}
