package dev.cto.costs.web.ui;

import dev.cto.costs.analytics.ModelSwap;
import dev.cto.costs.analytics.WhatIfReport;
import dev.cto.costs.analytics.WhatIfRequest;
import dev.cto.costs.analytics.WhatIfService;
import dev.cto.costs.report.Numbers;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A PR page's "this PR on another model": the models of the PR to swap (FROM), the catalog model to
 * price them as (TO), and, once both are chosen, the what-if service's answer for the whole PR,
 * the same document as {@code GET /v1/analytics/whatif?pr=&repo=&model=FROM=TO}.
 *
 * @param models the PR's models, the choices for FROM
 * @param chosen the FROM models asked for (the most expensive one until the form is sent)
 * @param targets the catalog's models, the choices for TO
 * @param to the TO asked for, or null
 * @param result the answer, or null until asked (or when the question was refused)
 * @param problem why the question was refused, or null
 * @param api the same answer as JSON, or null until asked
 */
record WhatIfPanel(
    List<String> models, List<String> chosen, List<String> targets, String to, WhatIfReport result, String problem, String api) {

  static WhatIfPanel of(WhatIfService whatIf, String repository, long pr, List<String> models, List<String> from, String to) {
    List<String> targets = whatIf.targets();
    boolean asked = to != null && !to.isBlank();
    List<String> chosen = from.isEmpty() && !asked ? models.stream().limit(1).toList() : from;
    if (!asked) {
      return new WhatIfPanel(models, chosen, targets, null, null, null, null);
    }
    if (from.isEmpty()) {
      return new WhatIfPanel(models, chosen, targets, to, null, "Choose at least one model of this PR to price as " + to + ".", null);
    }
    List<ModelSwap> swaps = new ArrayList<>();
    StringBuilder api = new StringBuilder("/v1/analytics/whatif?pr=" + pr + "&repo=" + PageScope.encode(repository));
    try {
      for (String f : from) {
        swaps.add(new ModelSwap(f, to));
        api.append("&model=").append(PageScope.encode(f + "=" + to));
      }
      WhatIfReport report = whatIf.whatIf(new WhatIfRequest(pr, null, repository, null, swaps));
      return new WhatIfPanel(models, chosen, targets, to, report, null, api.toString());
    } catch (IllegalArgumentException e) {
      return new WhatIfPanel(models, chosen, targets, to, null, e.getMessage(), null);
    }
  }

  /** A difference with its sign, as the CLI writes it: +$1.20, -$0.40. */
  static String signed(BigDecimal usd) {
    return (usd.signum() > 0 ? "+" : "") + Fmt.usd(usd);
  }

  /** The difference as a share of the actual cost, or "-" when nothing was spent. */
  static String change(BigDecimal difference, BigDecimal actual) {
    return actual.signum() == 0 ? "-"
        : (difference.signum() > 0 ? "+" : "") + Numbers.percent(difference.divide(actual, 6, RoundingMode.HALF_EVEN).movePointRight(2));
  }
}
