package dev.cto.costs.web;

import dev.cto.costs.analytics.WhatIfRequest;
import dev.cto.costs.analytics.WhatIfService;
import dev.cto.costs.report.ReportRenderer;
import io.javalin.http.Context;
import java.time.Clock;

/**
 * {@code GET /v1/analytics/whatif?model=FROM=TO[&model=…]&(pr=N[&repo=R]|since=D&until=D)[&agent=A]}:
 * the CLI's {@code costs whatif --format json}. Bad parameters are 400 naming the parameter.
 */
final class WhatIfHandler {

  private final WhatIfService whatIf;
  private final Clock clock;

  WhatIfHandler(WhatIfService whatIf, Clock clock) {
    this.whatIf = whatIf;
    this.clock = clock;
  }

  void handle(Context ctx) throws Exception {
    WhatIfRequest request = WhatIfRequest.parse(ctx.queryParam("pr"), ctx.queryParam("repo"), ctx.queryParam("since"),
        ctx.queryParam("until"), ctx.queryParam("agent"), ctx.queryParams("model"), clock);
    ctx.contentType("application/json").result(ReportRenderer.JSON.writeValueAsBytes(whatIf.whatIf(request)));
  }
}
