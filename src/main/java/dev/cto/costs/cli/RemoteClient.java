package dev.cto.costs.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.client.CollectorClient;
import dev.cto.costs.client.CollectorException;
import dev.cto.costs.collect.RecordSource;
import dev.cto.costs.report.ReportRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * The CLI talking to a running collector ({@code --server URL} or {@code COST_SERVER_URL}, with
 * {@code COST_API_TOKEN}) instead of opening a database: same commands, same output.
 */
final class RemoteClient {

  private static final ObjectMapper JSON =
      ReportRenderer.JSON.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** A large import or report can take the collector minutes. */
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final URI base;
  private final String token;
  private final CollectorClient usage;

  RemoteClient(String url, String token) {
    String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    if (!trimmed.startsWith("http://") && !trimmed.startsWith("https://")) {
      throw UserInputException.usage("--server must be an http:// or https:// URL, was '" + url + "'");
    }
    this.base = URI.create(trimmed);
    this.token = token == null || token.isBlank() ? null : token.trim();
    this.usage = new CollectorClient(CollectorClient.endpoint(trimmed), this.token, Duration.ofSeconds(10), TIMEOUT, Clock.systemUTC());
  }

  static String query(String name, Object value) {
    return value == null ? "" : "&" + name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
  }

  /** GET a report document and read it as {@code type}. */
  <T> T get(String pathAndQuery, Class<T> type) {
    HttpResponse<InputStream> r = send(request(pathAndQuery).GET().build());
    try (InputStream body = r.body()) {
      byte[] bytes = body.readAllBytes();
      failUnlessOk(r.statusCode(), bytes);
      return JSON.readValue(bytes, type);
    } catch (IOException e) {
      throw new RemoteException("unreadable answer from " + base + ": " + e.getMessage(), e);
    }
  }

  /** GET a stream (export) into {@code out}. */
  void download(String pathAndQuery, OutputStream out) throws IOException {
    HttpResponse<InputStream> r = send(request(pathAndQuery).GET().build());
    try (InputStream body = r.body()) {
      if (r.statusCode() != 200) {
        failUnlessOk(r.statusCode(), body.readAllBytes());
      }
      body.transferTo(out);
    }
  }

  /**
   * POST usage; on 400 every problem goes to {@code err}, one per line, like a local ingest.
   *
   * @param source the capture path the collector counts the records under
   */
  CollectorClient.Answer postUsage(byte[] body, String contentType, RecordSource source, PrintWriter err) {
    try {
      return usage.post(body, contentType, source.label());
    } catch (CollectorException.Refused e) {
      for (CollectorException.Detail d : e.details()) {
        String where = d.line() != null ? "line " + d.line() : d.index() >= 0 ? "records[" + d.index() + "]" : "request";
        err.println("  " + where + ": " + (d.field() != null ? d.field() + ": " : "") + d.message());
      }
      err.flush();
      throw UserInputException.data(e.getMessage());
    } catch (CollectorException.Unauthorized e) {
      throw UserInputException.data(e.getMessage() + " (set COST_API_TOKEN to the collector's token)");
    } catch (CollectorException e) {
      if (e.status() == 0) {
        throw new RemoteException("cannot reach the collector at " + base + ": " + e.getMessage(), e);
      }
      if (e.status() == 404 || e.status() == 413) {
        throw UserInputException.data(e.getMessage());
      }
      throw new RemoteException("the collector at " + base + " answered " + e.status() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteException("interrupted", e);
    }
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(TIMEOUT);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private HttpResponse<InputStream> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new RemoteException("cannot reach the collector at " + base + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteException("interrupted", e);
    }
  }

  private void failUnlessOk(int status, byte[] body) {
    if (status == 200) {
      return;
    }
    String message = "HTTP " + status;
    try {
      JsonNode error = JSON.readTree(body);
      if (error.hasNonNull("error")) {
        message = error.get("error").asText();
      }
    } catch (IOException notJson) {
      // keep "HTTP <status>"
    }
    if (status == 401) {
      message += " (set COST_API_TOKEN to the collector's token)";
    }
    if (status == 404 || status == 400 || status == 401 || status == 413) {
      throw UserInputException.data(message);
    }
    throw new RemoteException("the collector at " + base + " answered " + status + ": " + message, null);
  }
}
