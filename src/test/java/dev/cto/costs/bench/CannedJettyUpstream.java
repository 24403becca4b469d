package dev.cto.costs.bench;

import io.javalin.Javalin;
import java.nio.charset.StandardCharsets;

/**
 * The floor of bench/proxy-vs-direct: the same canned Anthropic message the node upstream answers,
 * served by Javalin/Jetty as `costs serve` is configured, with nothing behind it. What the SDK
 * waits for this, against the node upstream, is what one Jetty request costs on this machine; a
 * proxy on Jetty cannot add less than that plus one loopback HTTP round trip to its upstream.
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

  public static void main(String[] args) {
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.jetty.host = "127.0.0.1";
      config.jetty.port = 0;
      config.routes.post("/v1/messages", ctx -> {
        ctx.req().getInputStream().readAllBytes();
        ctx.res().setContentType("application/json");
        ctx.res().setContentLength(MESSAGE.length);
        ctx.res().getOutputStream().write(MESSAGE);
      });
    }).start();
    System.out.println(app.port());
  }
}
