package dev.cto.costs.app;

import dev.cto.costs.capture.proxy.ProxyRecorder;
import dev.cto.costs.collect.RecordSource;
import dev.cto.costs.client.UsageJson;
import dev.cto.costs.domain.UsageRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a sidecar proxy's records to a remote collector ({@code POST /v1/usage}, NDJSON). The
 * future completes only on 200, which the collector sends after its commit; anything else fails it
 * and the proxy spools the records. Re-sending is safe: record ids are idempotent.
 */
final class RemoteSubmitter implements ProxyRecorder.RecordSubmitter {

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final URI usage;
  private final String token;

  RemoteSubmitter(String server, String token) {
    this.usage = URI.create(server.replaceAll("/+$", "") + "/v1/usage");
    this.token = token;
  }

  @Override
  public CompletableFuture<?> submit(List<UsageRecord> records) {
    HttpRequest.Builder request = HttpRequest.newBuilder(usage).timeout(Duration.ofSeconds(30))
        .header("Content-Type", UsageJson.CONTENT_TYPE).header(RecordSource.HEADER, RecordSource.PROXY.label())
        .POST(HttpRequest.BodyPublishers.ofByteArray(UsageJson.ndjson(records)));
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
      if (response.statusCode() != 200) {
        throw new IllegalStateException("the collector at " + usage + " answered " + response.statusCode());
      }
      return response;
    });
  }
}
