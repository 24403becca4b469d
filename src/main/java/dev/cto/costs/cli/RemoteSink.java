package dev.cto.costs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cto.costs.capture.logs.UsageSink;
import dev.cto.costs.collect.RecordSource;
import dev.cto.costs.client.UsageJson;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.domain.UsageRecord;
import java.io.PrintWriter;
import java.util.List;

/** Imported records to a collector's {@code POST /v1/usage} as NDJSON; it prices, de-duplicates and commits. */
final class RemoteSink implements UsageSink {

  private final RemoteClient remote;
  private final PrintWriter err;

  RemoteSink(RemoteClient remote, PrintWriter err) {
    this.remote = remote;
    this.err = err;
  }

  @Override
  public Written write(List<UsageRecord> records) {
    JsonNode answer = remote.postUsage(UsageJson.ndjson(records), RecordSource.IMPORT, err);
    Usd cost = Usd.ZERO;
    long unpriced = 0;
    for (JsonNode r : answer.path("records")) {
      if (!r.path("duplicate").asBoolean()) {
        cost = cost.plus(Usd.of(r.path("cost_usd").decimalValue()));
        unpriced += r.path("priced").asBoolean(true) ? 0 : 1;
      }
    }
    return new Written(answer.path("accepted").asLong(), answer.path("duplicates").asLong(), cost, unpriced);
  }
}
