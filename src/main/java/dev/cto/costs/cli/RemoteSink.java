package dev.cto.costs.cli;

import dev.cto.costs.capture.logs.UsageSink;
import dev.cto.costs.collect.RecordSource;
import dev.cto.costs.client.CollectorClient;
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
    CollectorClient.Answer answer = remote.postUsage(UsageJson.ndjson(records), UsageJson.CONTENT_TYPE, RecordSource.IMPORT, err);
    Usd cost = Usd.ZERO;
    long unpriced = 0;
    for (CollectorClient.RecordAnswer r : answer.records()) {
      if (!r.duplicate()) {
        cost = cost.plus(Usd.of(r.costUsd()));
        unpriced += r.priced() ? 0 : 1;
      }
    }
    return new Written(answer.accepted(), answer.duplicates(), cost, unpriced);
  }
}
