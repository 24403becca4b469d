package dev.cto.costs.bench;

import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.web.ServerOptions;
import io.javalin.Javalin;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The proxy's cost, side by side with calling the fake upstream directly in the same run:
 *
 * <pre>
 *   bench/run ProxyBenchmark RATE SECONDS     e.g. 500 20: open loop at 1, 32 and 128 in flight, then throughput and streaming
 * </pre>
 *
 * The upstream is a loopback Javalin server answering a canned Anthropic Messages body (and a
 * 20-event stream, each event stamped with its send time, so the client can tell each chunk's delay).
 */
public final class ProxyBenchmark {

  static final String BODY = "{\"id\":\"msg_%d\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"" + "lorem ipsum ".repeat(60) + "\"}],\"stop_reason\":\"end_turn\","
      + "\"usage\":{\"input_tokens\":1200,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":30000,\"output_tokens\":180}}";

  public static void main(String[] args) throws Exception {
    int rate = Integer.parseInt(args[0]);
    int seconds = Integer.parseInt(args[1]);
    AtomicLong ids = new AtomicLong();
    Javalin upstream = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      c.jetty.host = "127.0.0.1";
      c.jetty.port = 0;
      // the request bodies are read: Jetty closes a connection whose request body was left unread,
      // and a client reusing it then fails
      c.routes.post("/v1/messages", ctx -> {
        ctx.bodyAsBytes();
        ctx.contentType("application/json").result(String.format(BODY, ids.incrementAndGet()));
      });
      c.routes.post("/v1/stream/messages", ctx -> {
        ctx.bodyAsBytes();
        ctx.res().setContentType("text/event-stream");
        OutputStream out = ctx.res().getOutputStream();
        for (int i = 0; i < 20; i++) {
          String data = i == 0
              ? "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_s" + ids.incrementAndGet() + "\",\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":10,\"output_tokens\":1}},\"sent\":" + System.nanoTime() + "}"
              : "{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"tok\"},\"sent\":" + System.nanoTime() + "}";
          out.write(("event: x\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
          Thread.sleep(10);
        }
      });
    }).start();
    Path dir = Files.createTempDirectory("cto-proxy-bench");
    Path config = dir.resolve("config.json");
    Files.writeString(config, "{\"proxy\":{\"upstreams\":{\"anthropic\":\"http://127.0.0.1:" + upstream.port() + "\"}}}");
    try (CollectorService service = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, config),
        new ServerOptions("127.0.0.1", 0, List.of(), 1 << 20, 1000, 14))) {
      URI direct = URI.create("http://127.0.0.1:" + upstream.port() + "/v1/messages");
      URI proxied = URI.create("http://127.0.0.1:" + service.port() + "/proxy/anthropic/@pr=1,agent=bench,stage=code/v1/messages");
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(16)).build();
      System.out.println("warming up (" + seconds * 2 + " s each way)...");
      openLoop(http, direct, rate, seconds * 2, 32);
      openLoop(http, proxied, rate, seconds * 2, 32);
      for (int inFlight : new int[] {1, 32, 128}) {
        int r = inFlight == 1 ? Math.min(rate, 200) : rate; // one at a time cannot sustain more than ~1/latency
        long[] d = openLoop(http, direct, r, seconds, inFlight);
        long[] p = openLoop(http, proxied, r, seconds, inFlight);
        System.out.printf(Locale.ROOT, "non-streaming, %3d in flight, %d req/s: direct p50 %.3f p99 %.3f ms | proxy p50 %.3f p99 %.3f ms | added p50 %.3f p99 %.3f ms%n",
            inFlight, r, ms(d, 0.5), ms(d, 0.99), ms(p, 0.5), ms(p, 0.99), ms(p, 0.5) - ms(d, 0.5), ms(p, 0.99) - ms(d, 0.99));
      }
      for (int clients : new int[] {32, 128}) {
        System.out.printf(Locale.ROOT, "throughput, %d closed-loop clients, %d s: direct %.0f req/s | proxy %.0f req/s%n",
            clients, seconds, closedLoop(http, direct, clients, seconds), closedLoop(http, proxied, clients, seconds));
      }
      URI streamDirect = URI.create("http://127.0.0.1:" + upstream.port() + "/v1/stream/messages");
      URI streamProxied = URI.create("http://127.0.0.1:" + service.port() + "/proxy/anthropic/v1/stream/messages");
      double[] d = stream(http, streamDirect, 50);
      double[] p = stream(http, streamProxied, 50);
      System.out.printf(Locale.ROOT, "streaming, 50 calls x 20 events: time to first byte direct %.3f | proxy %.3f ms; chunk delay p50/p99 direct %.3f/%.3f | proxy %.3f/%.3f ms%n",
          d[0], p[0], d[1], d[2], p[1], p[2]);
    } finally {
      upstream.stop();
    }
    System.exit(0);
  }

  static double ms(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
  }

  static long[] openLoop(HttpClient http, URI uri, int rate, int seconds, int inFlight) throws Exception {
    return openLoop(http, uri, rate, seconds, inFlight, REQUEST);
  }

  static long[] openLoop(HttpClient http, URI uri, int rate, int seconds, int inFlight, String body) throws Exception {
    int total = rate * seconds;
    long[] latencies = new long[total];
    Semaphore slots = new Semaphore(inFlight);
    List<CompletableFuture<?>> all = new ArrayList<>(total);
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      for (long wait; (wait = start + i * interval - System.nanoTime()) > 0; ) {
        LockSupport.parkNanos(wait);
      }
      slots.acquire();
      int k = i;
      long sent = System.nanoTime();
      all.add(http.sendAsync(request(uri, body), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, e) -> {
        latencies[k] = System.nanoTime() - sent;
        slots.release();
        if (e != null || r.statusCode() != 200) {
          System.err.println("request failed: " + (e != null ? e : r.statusCode()));
        }
      }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    Arrays.sort(latencies);
    return latencies;
  }

  static double closedLoop(HttpClient http, URI uri, int clients, int seconds) throws Exception {
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Thread t = new Thread(() -> {
        try {
          while (System.nanoTime() < end) {
            http.send(request(uri), HttpResponse.BodyHandlers.ofByteArray());
            done.incrementAndGet();
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    return done.get() / (double) seconds;
  }

  /** Returns {mean time to first byte, p50 chunk delay, p99 chunk delay} in ms. */
  static double[] stream(HttpClient http, URI uri, int calls) throws Exception {
    List<Long> delays = new ArrayList<>();
    double ttfb = 0;
    for (int i = 0; i < calls; i++) {
      long started = System.nanoTime();
      HttpResponse<InputStream> r = http.send(request(uri), HttpResponse.BodyHandlers.ofInputStream());
      try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        boolean first = true;
        for (String line; (line = lines.readLine()) != null; ) {
          if (first) {
            ttfb += (System.nanoTime() - started) / 1e6;
            first = false;
          }
          int at = line.indexOf("\"sent\":");
          if (at >= 0) {
            delays.add(System.nanoTime() - Long.parseLong(line.substring(at + 7, line.lastIndexOf('}'))));
          }
        }
      }
    }
    long[] sorted = delays.stream().mapToLong(Long::longValue).sorted().toArray();
    return new double[] {ttfb / calls, ms(sorted, 0.5), ms(sorted, 0.99)};
  }

  static final String REQUEST = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256}";

  private static HttpRequest request(URI uri) {
    return request(uri, REQUEST);
  }

  private static HttpRequest request(URI uri, String body) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .header("x-api-key", "sk-bench").POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }
}
