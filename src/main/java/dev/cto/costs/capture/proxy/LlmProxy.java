package dev.cto.costs.capture.proxy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cto.costs.budget.Admission;
import dev.cto.costs.budget.BudgetSubject;
import dev.cto.costs.budget.CallBudgets;
import dev.cto.costs.budget.Ticket;
import dev.cto.costs.domain.InvalidRecordException;
import dev.cto.costs.domain.RecordField;
import dev.cto.costs.domain.UsageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards one call to its provider and streams the answer back unchanged, chunk by chunk, while a
 * {@link UsageTap} reads a copy; then records the usage. Hop-by-hop headers, our {@code X-CTO-*}
 * headers and the {@code cto.*} members of a {@code baggage} header are not forwarded; everything
 * else is, both ways (API keys pass through and are never
 * logged or stored). Upstream errors pass through as they are; an unreachable upstream is a 502.
 */
public final class LlmProxy {

  private static final Logger LOG = LoggerFactory.getLogger(LlmProxy.class);

  /** Hop-by-hop (RFC 9110 §7.6.1) and headers the HTTP client sets itself. */
  private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
      "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
      "content-length", "expect", "http2-settings");

  private final Supplier<ProxySettings> settings;
  private final ProxyRecorder recorder;
  private final Clock clock;
  private final CallBudgets budgets;
  private final ProxyOverhead overhead;
  private final ReplacementLog replacements = new ReplacementLog();
  private final UpstreamClient upstream = new UpstreamClient();
  /**
   * Answered calls whose budget ticket the recording thread has taken up to now, and has settled
   * (or released): a call is admitted only once the calls answered before it arrived are settled,
   * so an agent's next call never finds its previous one still holding its worst case.
   */
  private final AtomicLong ticketsQueued = new AtomicLong();
  private final AtomicLong ticketsSettled = new AtomicLong();
  private final Object settledMonitor = new Object();
  /**
   * One thread: records keep the order of the answers. It ends when idle, so a proxy that is
   * dropped leaves no thread behind.
   */
  private final ThreadPoolExecutor recording = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "proxy-record");
        t.setDaemon(true);
        return t;
      });

  public LlmProxy(Supplier<ProxySettings> settings, ProxyRecorder recorder, Clock clock) {
    this(settings, recorder, clock, CallBudgets.NONE);
  }

  /** @param budgets asked before each call is forwarded (docs/budgets.md, "Enforcement") */
  public LlmProxy(Supplier<ProxySettings> settings, ProxyRecorder recorder, Clock clock, CallBudgets budgets) {
    this(settings, recorder, clock, budgets, ProxyOverhead.NONE);
  }

  /** @param overhead told the time the proxy itself added to each forwarded call */
  public LlmProxy(Supplier<ProxySettings> settings, ProxyRecorder recorder, Clock clock, CallBudgets budgets,
      ProxyOverhead overhead) {
    this.settings = settings;
    this.recorder = recorder;
    this.clock = clock;
    this.budgets = budgets;
    this.overhead = overhead;
    recording.allowCoreThreadTimeOut(true);
  }

  /**
   * Proxies one call.
   *
   * @throws UpstreamCut after recording what was captured, when the upstream broke off mid-body:
   *     the caller must then break the client's connection too, so it sees the same failure
   */
  public void handle(ProxyExchange exchange) throws IOException {
    handle(exchange, () -> { });
  }

  /**
   * Proxies one call; {@code bodySent} runs once the request body was read to its end (before the
   * wait for the answer), so the server can release what it keeps for uploads.
   *
   * @throws UpstreamCut as {@link #handle(ProxyExchange)}
   */
  public void handle(ProxyExchange exchange, Runnable bodySent) throws IOException {
    long received = System.nanoTime();
    ProxyRoute route;
    try {
      route = ProxyRoute.parse(exchange.rawPath());
    } catch (IllegalArgumentException e) {
      error(exchange, 400, e.getMessage());
      return;
    }
    CallAttribution who = CallAttribution.of(name -> name.equals(W3cBaggage.HEADER)
        ? joined(exchange, name) : exchange.header(name), route.pathAttribution());
    long limit = settings.get().maxBodyBytes();
    long declared = exchange.contentLength();
    if (declared > limit) {
      tooLarge(exchange, declared, limit);
      return;
    }
    String coding = exchange.header("Content-Encoding");
    boolean plainJson = coding == null || coding.trim().equalsIgnoreCase("identity");
    RequestBody body = RequestBody.read(exchange.body(), limit, route.provider(), route.upstreamPath(), plainJson,
        bodySent);
    if (budgets.active()) {
      awaitEarlierSettles();
    }
    // the request is read for its model and output limit only when budgets are configured
    Admission admission = !budgets.active() ? Admission.Admitted.FREE
        : budgets.admit(new BudgetSubject(who.attribution().repository(), who.attribution().prNumber(),
            who.attribution().agent(), null), RequestShape.of(route, plainJson ? body.head() : new byte[0], declared));
    BudgetAnswers.headroom(exchange, admission.tightest());
    if (admission instanceof Admission.Refused refused) {
      BudgetAnswers.refuse(exchange, route.provider(), refused);
      return;
    }
    if (admission instanceof Admission.StoreDown down) {
      BudgetAnswers.unavailable(exchange, route.provider(), down);
      return;
    }
    Ticket ticket = ((Admission.Admitted) admission).ticket();
    // the ticket is released (or settled) by forward, once the call's outcome is known
    forward(exchange, route, who, body, limit, ticket, received);
  }

  /**
   * Forwards the call and relays the answer; then tells {@link #overhead} the time the proxy added
   * to a call that reached its upstream (all since {@code received} but the upstream's own).
   */
  private void forward(ProxyExchange exchange, ProxyRoute route, CallAttribution who, RequestBody body, long limit,
      Ticket ticket, long received) throws IOException {
    URI base = settings.get().upstream(route.provider());
    String query = exchange.rawQuery();
    UpstreamResponse answer;
    long sent = System.nanoTime();
    try {
      answer = upstream.send(exchange.method(), base, route.upstreamPath() + (query == null ? "" : "?" + query),
          forwardedHeaders(exchange, body), body);
    } catch (IOException | RuntimeException e) {
      ticket.release();
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (body.tooLarge()) {
        tooLarge(exchange, -1, limit);
        return;
      }
      error(exchange, 502, "the " + route.provider().key() + " upstream " + base + " cannot be reached: "
          + e.getMessage());
      return;
    }
    UsageTap tap = null;
    boolean complete = false;
    try {
      boolean askedForUsage = body.askedForUsage();
      exchange.status(answer.status());
      answer.headers().forEach((name, values) -> {
        String lower = name.toLowerCase(Locale.ROOT);
        // Content-Length goes on when the body does unchanged: the answer then leaves in one piece,
        // headers and body together, with no chunked framing to end it
        if ((!NOT_FORWARDED.contains(lower) || (lower.equals("content-length") && !askedForUsage)) && !values.isEmpty()) {
          // set, then add: a server may have put a default Content-Type on the answer already,
          // and adding to it would send the client "text/plain, application/json"
          exchange.setHeader(name, values.get(0));
          values.subList(1, values.size()).forEach(v -> exchange.addHeader(name, v));
        }
      });
      String contentType = answer.header("content-type").orElse(null);
      String encoding = answer.header("content-encoding").orElse(null);
      tap = route.provider().tap(contentType, encoding);
      OutputStream client = exchange.output();
      complete = relay(answer.body(), client, tap, askedForUsage);
      if (complete) {
        // the relay is the upstream's time (it paces the answer); the proxy's is what came before
        overhead.record(route.provider(), Duration.ofNanos(sent - received));
        client.close(); // the agent has its whole answer before anything is recorded
      }
    } finally {
      answer.body().close(); // read to its end, this does nothing; else the connection cannot be reused
      // also when the client went away mid-stream: the provider has billed those tokens
      recordLater(tap, route, who, body.head(), answer, ticket);
    }
    if (!complete) {
      throw new UpstreamCut();
    }
  }

  /**
   * Reads the usage and stores it on the recording thread, off the agent's call: its answer is
   * complete (or broken off) by now, and its connection is free for its next call at once.
   */
  private void recordLater(UsageTap tap, ProxyRoute route, CallAttribution who, byte[] requestBody,
      UpstreamResponse answer, Ticket ticket) {
    boolean holds = ticket != Ticket.NONE;
    if (holds) {
      ticketsQueued.incrementAndGet();
    }
    recording.execute(() -> {
      try {
        if (tap != null && answer.status() < 400) {
          Optional<CapturedUsage> usage = tap.finish();
          usage.ifPresent(u -> record(u, route, who, requestBody, answer, ticket));
          if (usage.isEmpty()) {
            LOG.debug("no usage in the {} response to {}", route.provider().key(), route.upstreamPath());
          }
        }
      } catch (RuntimeException e) {
        LOG.error("proxy: recording a {} call failed", route.provider().key(), e);
      } finally {
        ticket.release(); // the call failed or cost nothing; after a settle this does nothing
        if (holds) {
          settled();
        }
      }
    });
  }

  private void settled() {
    ticketsSettled.incrementAndGet();
    synchronized (settledMonitor) {
      settledMonitor.notifyAll();
    }
  }

  /**
   * Waits (at most {@link #SETTLE_WAIT_MS}) until the tickets of the calls answered so far are
   * settled. Their answers went out before their usage was read, so without this a sequential
   * agent's next call, sent the moment the last answer arrived, would be judged while that call
   * still held its worst case, and a budget with room for one call would refuse the next. The
   * recording thread takes them in order and settles one in well under a millisecond.
   */
  private void awaitEarlierSettles() {
    long target = ticketsQueued.get();
    if (ticketsSettled.get() >= target) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_WAIT_MS);
    synchronized (settledMonitor) {
      long left;
      while (ticketsSettled.get() < target && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(settledMonitor, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Past this, a call is judged with the holds still there (a store write stuck behind a slow disk). */
  static final long SETTLE_WAIT_MS = 100;

  /** Copies the body as it arrives; returns false when the upstream stream broke off. */
  private static boolean relay(InputStream from, OutputStream client, UsageTap tap, boolean filterUsageChunk) throws IOException {
    OutputStream to = filterUsageChunk ? new UsageChunkFilter(client) : client;
    byte[] buffer = new byte[16 * 1024];
    boolean complete = true;
    try (from) {
      int n;
      while (true) {
        try {
          n = from.read(buffer);
        } catch (IOException e) {
          complete = false; // the upstream cut the stream: the client sees the same cut below
          break;
        }
        if (n < 0) {
          break;
        }
        to.write(buffer, 0, n); // goes out at once (ProxyExchange#output)
        tap.write(buffer, 0, n); // after the chunk went on: reading it for usage does not delay it
      }
    }
    if (filterUsageChunk && complete) {
      to.close(); // an unterminated last event goes out too
    }
    return complete;
  }

  private static List<String[]> forwardedHeaders(ProxyExchange request, RequestBody body) {
    boolean identity = body.mayAskForUsage();
    List<String[]> headers = new ArrayList<>();
    for (String name : request.headerNames()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (NOT_FORWARDED.contains(lower) || lower.startsWith(CallAttribution.HEADER_PREFIX)) {
        continue;
      }
      if (lower.equals(W3cBaggage.HEADER)) {
        String kept = W3cBaggage.withoutCto(joined(request, name)); // attribution stays here, as X-CTO-* does
        if (kept != null) {
          headers.add(new String[] {name, kept});
        }
        continue;
      }
      if (lower.equals("accept-encoding")) {
        // only encodings the tap can read; with the usage chunk to remove, none at all
        headers.add(new String[] {name, identity ? "identity" : readableEncodings(request.header(name))});
        continue;
      }
      for (String value : request.headers(name)) {
        headers.add(new String[] {name, value});
      }
    }
    return headers;
  }

  /** Every value of a list-valued header, as one comma-separated value; null when absent. */
  private static String joined(ProxyExchange request, String name) {
    List<String> values = request.headers(name);
    return values.isEmpty() ? null : String.join(",", values);
  }

  private static String readableEncodings(String accepted) {
    StringBuilder kept = new StringBuilder();
    for (String part : accepted.split(",")) {
      String coding = part.split(";")[0].trim().toLowerCase(Locale.ROOT);
      if (coding.equals("gzip") || coding.equals("deflate") || coding.equals("identity")) {
        kept.append(kept.isEmpty() ? "" : ", ").append(part.trim());
      }
    }
    return kept.isEmpty() ? "identity" : kept.toString();
  }

  private void record(CapturedUsage usage, ProxyRoute route, CallAttribution who, byte[] requestBody,
      UpstreamResponse answer, Ticket ticket) {
    String requestId = answer.header("request-id").or(() -> answer.header("x-request-id")).orElse(null);
    // the request is parsed for its model only when the response did not name one: every
    // provider's response does, so this stays off the hot path
    String requested = usage.model() != null ? null : requestedModel(requestBody, route);
    // the upstream's ids and model are held to the record's rules too: a strange one is replaced, never the call lost
    List<Replacement> replaced = new ArrayList<>(who.replaced());
    requestId = Replacement.valid(RecordField.REQUEST_ID, requestId, null, null, replaced);
    String model = Replacement.valid(RecordField.MODEL,
        usage.model() != null ? usage.model() : requested != null ? requested : "unknown", null, "unknown", replaced);
    String fresh = "proxy-" + UUID.randomUUID();
    String id = Replacement.valid(RecordField.ID, usage.id() != null ? usage.id() : requestId != null ? requestId : fresh,
        null, fresh, replaced);
    replaced.forEach(replacements::log);
    UsageRecord record;
    try {
      record = new UsageRecord(id, who.attribution(), who.cli(), model, route.provider().key(), usage.tokens(),
          null, requestId, clock.instant(), Replacement.source(replaced));
    } catch (InvalidRecordException e) {
      // only counts can be left (e.g. more than 10^12 tokens): no real call has them, nothing to store
      LOG.error("proxy: the {} response {} reports impossible usage ({}): {}", route.provider().key(), id, e.getMessage(),
          usage.tokens());
      return;
    }
    ticket.settle(record.model(), record.tokens(), recorder.record(record));
  }

  /** The model asked for: the request's {@code model}, or Gemini's {@code models/NAME:method} path. */
  private static String requestedModel(byte[] body, ProxyRoute route) {
    String path = route.upstreamPath();
    int models = path.indexOf("/models/");
    if (models >= 0) {
      String rest = path.substring(models + "/models/".length());
      int colon = rest.indexOf(':');
      return colon > 0 ? rest.substring(0, colon) : rest;
    }
    // the body's first bytes only (a large body is streamed, not held): a top-level "model"
    // member is found wherever it is in them; one after them is not
    try (JsonParser parser = UsageTap.JSON.getFactory().createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        boolean model = parser.currentName().equals("model");
        JsonToken value = parser.nextToken();
        if (model) {
          return value == JsonToken.VALUE_STRING ? parser.getText() : null;
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null; // not JSON, or cut off before a model member
    }
  }

  /**
   * 413, after reading and dropping what the client still sends, up to {@link #DISCARD_AT_MOST}:
   * a server that answers and closes while the client is still sending resets the connection, and
   * the client then sees a broken connection instead of the reason. Dropping costs no memory.
   *
   * @param declared the Content-Length over the limit, or -1 when the stream went past it
   */
  private static void tooLarge(ProxyExchange exchange, long declared, long limit) throws IOException {
    long dropped = 0;
    if (declared <= DISCARD_AT_MOST) {
      InputStream rest = exchange.body();
      byte[] sink = new byte[64 * 1024];
      int n;
      while (dropped <= DISCARD_AT_MOST && (n = rest.read(sink)) >= 0) {
        dropped += n;
      }
    }
    if (declared > DISCARD_AT_MOST || dropped > DISCARD_AT_MOST) {
      exchange.setHeader("Connection", "close");
    }
    error(exchange, 413, (declared >= 0 ? "the request body of " + declared + " bytes" : "the request body")
        + " is over the proxy's limit of " + limit + " bytes (proxy.max_body_mb in the cost config)");
  }

  private static final long DISCARD_AT_MOST = 256L * 1024 * 1024;

  private static void error(ProxyExchange exchange, int status, String message) throws IOException {
    exchange.status(status);
    respondJson(exchange, ("{\"error\":{\"type\":\"cto_proxy_error\",\"message\":"
        + UsageTap.JSON.writeValueAsString(message) + "}}").getBytes(StandardCharsets.UTF_8));
  }

  /** A whole JSON answer in one write, with its length (no chunked framing for a few bytes). */
  static void respondJson(ProxyExchange exchange, byte[] body) throws IOException {
    exchange.setHeader("Content-Type", "application/json");
    exchange.setHeader("Content-Length", Integer.toString(body.length));
    try (OutputStream out = exchange.output()) {
      out.write(body);
    }
  }

  /** The upstream broke off mid-body; the client's connection must break the same way. */
  public static final class UpstreamCut extends IOException {
    UpstreamCut() {
      super("the upstream closed the connection before the response ended");
    }
  }
}
