package dev.cto.costs.bench;

import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The floor of bench/proxy-vs-direct: the same canned Anthropic message the node upstream answers,
 * served by a Jetty core handler as `costs serve` serves {@code /proxy/*} (blocking, on the server's
 * thread pool, read and written through Jetty's blocking streams), with nothing behind it. What
 * the SDK waits for this, against the node upstream, is what one Jetty request costs on this
 * machine; a proxy on Jetty cannot add less than that plus one loopback HTTP round trip to its
 * upstream.
 *
 *   java -cp … dev.cto.costs.bench.CannedJettyUpstream   (prints its port)
 */
public final class CannedJettyUpstream {

  private static final byte[] MESSAGE = ("{\"id\":\"msg_bench\",\"type\":\"message\",\"role\":\"assistant\","
      + "\"model\":\"claude-bench-model\",\"content\":[{\"type\":\"text\",\"text\":\"" + "Hello! ".repeat(120)
      + "\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":120,"
      + "\"output_tokens\":240,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0}}")
      .getBytes(StandardCharsets.UTF_8);

  private CannedJettyUpstream() {}

  public static void main(String[] args) throws Exception {
    Server server = new Server(new QueuedThreadPool(250, 8, 60_000)); // Javalin's pool, which `costs serve` runs on
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Content.Source.asInputStream(request).readAllBytes();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, MESSAGE.length);
        try (var out = Content.Sink.asOutputStream(response)) {
          out.write(MESSAGE);
        }
        callback.succeeded();
        return true;
      }
    });
    server.start();
    System.out.println(connector.getLocalPort());
  }
}
