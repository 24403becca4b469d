package dev.cto.costs.github;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * github-api's transport over the JDK client, with a timeout on every request: the library's own
 * {@code HttpClientGitHubConnector} sets none, so a GitHub that stops answering would hang the
 * {@code serve} scheduler or the CLI forever.
 */
final class TimedConnector implements GitHubConnector {

  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final HttpClient http;
  private final Duration timeout;

  TimedConnector(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  /** The JDK client's failure as one that names GitHub's host, port and the reason. */
  static UnreachableException unreachable(HttpClient http, URI uri, IOException e, Duration requestTimeout) {
    return new UnreachableException(uri, e, http.connectTimeout().orElse(Duration.ZERO), requestTimeout);
  }

  @Override
  public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(request.url().toURI()).timeout(timeout);
    } catch (URISyntaxException e) {
      throw new IOException("bad GitHub URL " + request.url(), e);
    }
    request.allHeaders().forEach((name, values) -> {
      if (name != null && !RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        values.forEach(v -> b.header(name, v));
      }
    });
    HttpRequest.BodyPublisher body = request.hasBody()
        ? HttpRequest.BodyPublishers.ofByteArray(request.body().readAllBytes()) : HttpRequest.BodyPublishers.noBody();
    b.method(request.method(), body);
    HttpResponse<InputStream> response;
    try {
      response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while calling GitHub");
    } catch (IOException e) {
      throw unreachable(http, b.build().uri(), e, timeout);
    }
    return new GitHubConnectorResponse.ByteArrayResponse(request, response.statusCode(), response.headers().map()) {
      @Override
      protected InputStream rawBodyStream() {
        return response.body();
      }
    };
  }
}
