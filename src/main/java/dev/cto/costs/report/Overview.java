package dev.cto.costs.report;

import dev.cto.costs.report.Lines.DayAgentLine;
import java.util.List;

/**
 * What the dashboard's overview shows of a period from the stored usage: the period's summary
 * (the same document as {@code GET /v1/summary}) and each day's spend per agent for the stacked
 * chart, built together from one pass over the period ({@link SummaryFold}).
 */
public record Overview(Summary summary, List<DayAgentLine> dailyByAgent) {

  public Overview {
    dailyByAgent = List.copyOf(dailyByAgent);
  }
}
