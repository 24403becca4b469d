package dev.cto.costs.app;

import dev.cto.costs.capture.proxy.ProxyRecorder;
import dev.cto.costs.client.CollectorClient;
import dev.cto.costs.client.UsageJson;
import dev.cto.costs.collect.RecordSource;
import dev.cto.costs.domain.UsageRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a sidecar proxy's records to a remote collector ({@code POST /v1/usage}, NDJSON). The
 * future completes only on 2xx, which the collector sends after its commit; anything else fails it
 * with the client's {@link dev.cto.costs.client.CollectorException} and the proxy spools the records,
 * or moves them aside when the collector refused them. Re-sending is safe: record ids are idempotent.
 */
final class RemoteSubmitter implements ProxyRecorder.RecordSubmitter {

  private final CollectorClient client;

  RemoteSubmitter(String server, String token) {
    this.client = new CollectorClient(CollectorClient.endpoint(server), token, Duration.ofSeconds(5), Duration.ofSeconds(30),
        Clock.systemUTC());
  }

  @Override
  public CompletableFuture<?> submit(List<UsageRecord> records) {
    return client.postAsync(UsageJson.ndjson(records), UsageJson.CONTENT_TYPE, RecordSource.PROXY.label());
  }
}
