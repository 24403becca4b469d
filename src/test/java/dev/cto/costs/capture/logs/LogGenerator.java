package dev.cto.costs.capture.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes realistic Claude Code and Codex session logs, and beside them an independently computed
 * {@code manifest.json} of what a correct reader must find: the tests' oracle, in the repository.
 *
 * <p>Claude Code: {@code <out>/projects/<project>/<session>.jsonl}, subagent sidechains under
 * {@code <session>/subagents/agent-<id>.jsonl}; compact JSON, one line per assistant content block,
 * all blocks of one API response repeating {@code message.id}, {@code requestId} and the usage
 * object (the copies ccusage de-duplicates), some early blocks with partial streaming output
 * counts, 5-minute and 1-hour cache writes, some requests over 200k input tokens. Codex: {@code
 * <codex-out>/sessions/YYYY/MM/DD/rollout-<time>-<uuid>.jsonl} with {@code session_meta}, {@code
 * turn_context} and {@code token_count} events (cumulative {@code total_token_usage}, per-turn
 * {@code last_token_usage}; input includes the cached tokens).
 *
 * <p>The manifest sums the de-duplicated responses per UTC day and model as they are generated,
 * and prices them with the per-token prices set by hand below (LiteLLM's, which ccusage embeds),
 * in exact decimals, never through the code under test. {@code cost} follows the providers' rule
 * (a request whose whole input exceeds 200k tokens is billed entirely at the long-context rates,
 * where the model has them), {@code costCcusage} ccusage's (each token kind tiered on its own above
 * 200k). The same options and seed give the same files.
 *
 * <p>Options, as on a command line: {@code --usage-lines N} (assistant lines with usage, copies
 * included; default 200), {@code --lines-per-file N} (400), {@code --projects N} (12), {@code
 * --start YYYY-MM-DD} (2026-09-01), {@code --days N} (30), {@code --max-blocks N} (3), {@code
 * --partial-ratio R} (0.2), {@code --sidechain-ratio R} (0.1), {@code --huge-ratio R} (0.01),
 * {@code --content-chars N} (160), {@code --no-user-lines}, {@code --codex-out DIR}, {@code
 * --codex-events N} (0), {@code --seed N} (42).
 */
public final class LogGenerator {

  /** Per-token USD prices, by hand: input, output, 5m cache write, cache read; then the same above 200k, or null. */
  record Price(String i, String o, String cc, String cr, String ia, String oa, String cca, String cra) {
    BigDecimal get(String field) {
      String v = switch (field) {
        case "i" -> i;
        case "o" -> o;
        case "cc" -> cc;
        case "cr" -> cr;
        case "ia" -> ia;
        case "oa" -> oa;
        case "cca" -> cca;
        case "cra" -> cra;
        default -> throw new IllegalArgumentException(field);
      };
      return v == null ? null : new BigDecimal(v);
    }
  }

  static final Map<String, Price> CLAUDE_PRICES = Map.of(
      "claude-sonnet-4-5-20250929", new Price("3E-6", "15E-6", "3.75E-6", "0.3E-6", "6E-6", "22.5E-6", "7.5E-6", "0.6E-6"),
      "claude-opus-4-5-20251101", new Price("5E-6", "25E-6", "6.25E-6", "0.5E-6", null, null, null, null),
      "claude-haiku-4-5-20251001", new Price("1E-6", "5E-6", "1.25E-6", "0.1E-6", null, null, null, null),
      "claude-opus-4-1-20250805", new Price("15E-6", "75E-6", "18.75E-6", "1.5E-6", null, null, null, null));

  /** Models by weight of use: most work on Sonnet, some on Opus, sidechains on Haiku. */
  private static final List<Map.Entry<String, Integer>> MODEL_WEIGHTS = List.of(
      Map.entry("claude-sonnet-4-5-20250929", 55), Map.entry("claude-opus-4-5-20251101", 25),
      Map.entry("claude-haiku-4-5-20251001", 15), Map.entry("claude-opus-4-1-20250805", 5));

  /** Codex models and their per-token prices: input, cached input, output (no long-context rates). */
  static final Map<String, List<BigDecimal>> CODEX_PRICES = Map.of(
      "gpt-5-codex", List.of(new BigDecimal("1.25E-6"), new BigDecimal("0.125E-6"), new BigDecimal("10E-6")),
      "gpt-5.1-codex", List.of(new BigDecimal("1.25E-6"), new BigDecimal("0.125E-6"), new BigDecimal("10E-6")),
      "gpt-5", List.of(new BigDecimal("1.25E-6"), new BigDecimal("0.125E-6"), new BigDecimal("10E-6")));
  private static final List<String> CODEX_MODELS = List.of("gpt-5-codex", "gpt-5.1-codex", "gpt-5");

  private static final String[] WORDS = ("the of build test fix refactor module request cache token cost report "
      + "pull agent model stage iteration json parse file class method java maven gradle spring error stack trace "
      + "review commit branch merge").split(" ");
  private static final String ID_CHARS = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ123456789";
  private static final BigDecimal LONG_CONTEXT = BigDecimal.valueOf(200_000);
  private static final BigDecimal TWO = BigDecimal.valueOf(2);
  private static final ObjectMapper JSON = new ObjectMapper(); // compact, fields in insertion order, as Claude Code writes
  private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss")
      .withZone(ZoneOffset.UTC);

  /** The options (see the class comment). */
  record Options(Path out, int usageLines, int linesPerFile, int projects, LocalDate start, int days, int maxBlocks,
      double partialRatio, double sidechainRatio, double hugeRatio, int contentChars, boolean noUserLines,
      Path codexOut, int codexEvents, long seed) {

    static Options parse(Path out, String... args) {
      Options o = new Options(out, 200, 400, 12, LocalDate.parse("2026-09-01"), 30, 3, 0.2, 0.1, 0.01, 160, false,
          null, 0, 42);
      for (int k = 0; k < args.length; k++) {
        String name = args[k];
        if (name.equals("--no-user-lines")) {
          o = o.with(name, null);
          continue;
        }
        if (k + 1 >= args.length) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        o = o.with(name, args[++k]);
      }
      return o;
    }

    private Options with(String name, String v) {
      return switch (name) {
        case "--usage-lines" -> new Options(out, Integer.parseInt(v), linesPerFile, projects, start, days, maxBlocks,
            partialRatio, sidechainRatio, hugeRatio, contentChars, noUserLines, codexOut, codexEvents, seed);
        case "--lines-per-file" -> new Options(out, usageLines, Integer.parseInt(v), projects, start, days, maxBlocks,
            partialRatio, sidechainRatio, hugeRatio, contentChars, noUserLines, codexOut, codexEvents, seed);
        case "--projects" -> new Options(out, usageLines, linesPerFile, Integer.parseInt(v), start, days, maxBlocks,
            partialRatio, sidechainRatio, hugeRatio, contentChars, noUserLines, codexOut, codexEvents, seed);
        case "--start" -> new Options(out, usageLines, linesPerFile, projects, LocalDate.parse(v), days, maxBlocks,
            partialRatio, sidechainRatio, hugeRatio, contentChars, noUserLines, codexOut, codexEvents, seed);
        case "--days" -> new Options(out, usageLines, linesPerFile, projects, start, Integer.parseInt(v), maxBlocks,
            partialRatio, sidechainRatio, hugeRatio, contentChars, noUserLines, codexOut, codexEvents, seed);
        case "--max-blocks" -> new Options(out, usageLines, linesPerFile, projects, start, days, Integer.parseInt(v),
            partialRatio, sidechainRatio, hugeRatio, contentChars, noUserLines, codexOut, codexEvents, seed);
        case "--partial-ratio" -> new Options(out, usageLines, linesPerFile, projects, start, days, maxBlocks,
            Double.parseDouble(v), sidechainRatio, hugeRatio, contentChars, noUserLines, codexOut, codexEvents, seed);
        case "--sidechain-ratio" -> new Options(out, usageLines, linesPerFile, projects, start, days, maxBlocks,
            partialRatio, Double.parseDouble(v), hugeRatio, contentChars, noUserLines, codexOut, codexEvents, seed);
        case "--huge-ratio" -> new Options(out, usageLines, linesPerFile, projects, start, days, maxBlocks,
            partialRatio, sidechainRatio, Double.parseDouble(v), contentChars, noUserLines, codexOut, codexEvents, seed);
        case "--content-chars" -> new Options(out, usageLines, linesPerFile, projects, start, days, maxBlocks,
            partialRatio, sidechainRatio, hugeRatio, Integer.parseInt(v), noUserLines, codexOut, codexEvents, seed);
        case "--no-user-lines" -> new Options(out, usageLines, linesPerFile, projects, start, days, maxBlocks,
            partialRatio, sidechainRatio, hugeRatio, contentChars, true, codexOut, codexEvents, seed);
        case "--codex-out" -> new Options(out, usageLines, linesPerFile, projects, start, days, maxBlocks,
            partialRatio, sidechainRatio, hugeRatio, contentChars, noUserLines, Path.of(v), codexEvents, seed);
        case "--codex-events" -> new Options(out, usageLines, linesPerFile, projects, start, days, maxBlocks,
            partialRatio, sidechainRatio, hugeRatio, contentChars, noUserLines, codexOut, Integer.parseInt(v), seed);
        case "--seed" -> new Options(out, usageLines, linesPerFile, projects, start, days, maxBlocks,
            partialRatio, sidechainRatio, hugeRatio, contentChars, noUserLines, codexOut, codexEvents, Long.parseLong(v));
        default -> throw new IllegalArgumentException("unknown option " + name);
      };
    }
  }

  private final Options options;
  private final Random rng;
  /** day → model → the manifest's sums for Claude Code. */
  private final Map<String, Map<String, ObjectNode>> claudeDays = new TreeMap<>();
  private final Map<String, Map<String, ObjectNode>> codexDays = new TreeMap<>();

  private LogGenerator(Options options) {
    this.options = options;
    this.rng = new Random(options.seed());
  }

  /** Writes the logs under {@code out} (and {@code --codex-out}) and returns the manifest, also written to {@code out/manifest.json}. */
  public static JsonNode generate(Path out, String... args) throws IOException {
    return new LogGenerator(Options.parse(out, args)).run();
  }

  /** {@code LogGenerator OUT [options]}: for benchmarks that want a large set outside a test. */
  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: LogGenerator OUT [--usage-lines N] [--lines-per-file N] [--codex-out DIR] ...");
      System.exit(2);
    }
    JsonNode manifest = generate(Path.of(args[0]), java.util.Arrays.copyOfRange(args, 1, args.length));
    System.out.println(manifest.get("claude").get("expectedTotalsAfterDedup"));
  }

  private JsonNode run() throws IOException {
    ObjectNode claude = claude();
    JsonNode codex = options.codexOut() != null && options.codexEvents() > 0 ? codex() : JsonNodeFactory.instance.nullNode();
    ObjectNode manifest = JSON.createObjectNode().put("generator", LogGenerator.class.getName());
    ObjectNode args = manifest.putObject("args");
    args.put("usage_lines", options.usageLines()).put("lines_per_file", options.linesPerFile())
        .put("projects", options.projects()).put("start", options.start().toString()).put("days", options.days())
        .put("seed", options.seed());
    manifest.set("claude", claude);
    manifest.set("codex", codex);
    Files.createDirectories(options.out());
    JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValue(options.out().resolve("manifest.json").toFile(),
        manifest);
    return manifest;
  }

  private ObjectNode claude() throws IOException {
    List<String> models = MODEL_WEIGHTS.stream().map(Map.Entry::getKey).toList();
    int files = Math.max(1, options.usageLines() / Math.max(1, options.linesPerFile()));
    int linesLeft = options.usageLines();
    long written = 0;
    long totalLines = 0;
    long totalBytes = 0;
    long unique = 0;
    for (int f = 0; f < files && linesLeft > 0; f++) {
      int budget = Math.min(f < files - 1 ? options.linesPerFile() : linesLeft, linesLeft);
      String project = String.format("-home-dev-code-service-%02d", f % options.projects());
      String cwd = "/home/dev/code/service-" + project.substring(project.length() - 2);
      String sessionId = uuid().toString();
      String mainModel = weighted(models);
      Instant ts = options.start().atStartOfDay(ZoneOffset.UTC).toInstant()
          .plus(Duration.ofDays(rng.nextInt(options.days()))).plusSeconds(rng.nextInt(20 * 3600));
      String branch = List.of("main", "feature/cost-report", "pr-" + randint(100, 999)).get(rng.nextInt(3));
      String version = List.of("2.1.220", "2.1.229", "2.1.233").get(rng.nextInt(3));
      boolean sidechain = rng.nextDouble() < options.sidechainRatio() && budget > 20;
      int mainLines = sidechain ? budget - budget / 4 : budget;
      for (boolean side : sidechain ? new boolean[] {false, true} : new boolean[] {false}) {
        int target = side ? budget / 4 : mainLines;
        String agentId = side ? "a" + String.format("%016x", rng.nextLong()) : null;
        Path path = side
            ? options.out().resolve("projects").resolve(project).resolve(sessionId).resolve("subagents")
                .resolve("agent-" + agentId + ".jsonl")
            : options.out().resolve("projects").resolve(project).resolve(sessionId + ".jsonl");
        String parent = null;
        List<String> lines = new ArrayList<>();
        int emitted = 0;
        while (emitted < target) {
          ts = ts.plusMillis(randint(800, 90_000));
          String model = !side || rng.nextDouble() < 0.3 ? mainModel : "claude-haiku-4-5-20251001";
          if (!options.noUserLines()) {
            String uid = uuid().toString();
            ObjectNode user = JSON.createObjectNode();
            user.put("parentUuid", parent).put("isSidechain", side);
            if (side) {
              user.put("agentId", agentId);
            }
            user.put("type", "user");
            ObjectNode message = user.putObject("message").put("role", "user");
            message.putArray("content").addObject().put("tool_use_id", "toolu_" + uid.substring(0, 24).replace("-", ""))
                .put("type", "tool_result").put("content", text(options.contentChars())).put("is_error", false);
            user.put("uuid", uid).put("timestamp", ISO_MILLIS.format(ts));
            common(user, cwd, sessionId, version, branch);
            lines.add(JSON.writeValueAsString(user));
            parent = uid;
            ts = ts.plusMillis(randint(500, 4000));
          }
          ObjectNode usage = usage();
          int blocks = Math.min(randint(1, options.maxBlocks()), target - emitted);
          boolean partial = blocks > 1 && rng.nextDouble() < options.partialRatio();
          String messageId = "msg_011C" + id(20);
          String requestId = "req_011C" + id(20);
          List<Instant> times = blockTimes(ts, blocks);
          ts = times.get(blocks - 1);
          count(times.get(0), model, usage);
          unique++;
          for (int b = 0; b < blocks; b++) {
            ObjectNode u = usage.deepCopy();
            if (partial && b < blocks - 1) { // a streaming state: fewer output tokens than the final count
              u.put("output_tokens", Math.min(randint(1, 8), usage.get("output_tokens").asLong()));
            }
            String aid = uuid().toString();
            ObjectNode line = JSON.createObjectNode();
            line.put("parentUuid", parent).put("isSidechain", side);
            if (side) {
              line.put("agentId", agentId);
            }
            ObjectNode message = line.putObject("message").put("model", model).put("id", messageId)
                .put("type", "message").put("role", "assistant");
            ArrayNode content = message.putArray("content");
            String kind = content(content, b, blocks);
            message.put("stop_reason", kind.equals("tool_use") ? "tool_use" : null).putNull("stop_sequence")
                .putNull("stop_details");
            message.set("usage", u);
            line.put("requestId", requestId).put("type", "assistant").put("uuid", aid)
                .put("timestamp", ISO_MILLIS.format(times.get(b)));
            common(line, cwd, sessionId, version, branch);
            lines.add(JSON.writeValueAsString(line));
            parent = aid;
            emitted++;
          }
        }
        byte[] data = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(path.getParent());
        Files.write(path, data);
        written++;
        totalLines += lines.size();
        totalBytes += data.length;
        linesLeft -= emitted;
      }
    }
    ObjectNode out = JSON.createObjectNode().put("files", written).put("jsonlLines", totalLines).put("bytes", totalBytes)
        .put("usageLines", options.usageLines() - Math.max(linesLeft, 0)).put("uniqueMessages", unique);
    ObjectNode totals = sums();
    claudeDays.values().forEach(byModel -> byModel.values().forEach(m -> m.fieldNames().forEachRemaining(k -> {
      if (m.get(k).isBigDecimal()) {
        totals.put(k, totals.get(k).decimalValue().add(m.get(k).decimalValue()));
      } else {
        totals.put(k, totals.get(k).asLong() + m.get(k).asLong());
      }
    })));
    out.set("expectedTotalsAfterDedup", totals);
    out.set("expectedByDayModel", JSON.valueToTree(claudeDays));
    out.put("costFormula", "cost: in*i + out*o + cache5m*cc + cache1h*(2*i) + cacheRead*cr, all at the *_above_200k"
        + " rates when the request's whole input (in + cache writes + cache reads) exceeds 200k and the model has"
        + " such rates (the providers' rule); costCcusage: the same terms, each tiered on its own above 200k"
        + " (ccusage's formula)");
    return out;
  }

  /**
   * When the blocks of one response are written, 5 to 400 ms apart. They never straddle midnight
   * UTC: whichever copy a reader keeps then falls on the day the manifest counts it.
   */
  private List<Instant> blockTimes(Instant first, int blocks) {
    List<Instant> times = new ArrayList<>();
    Instant t = first;
    for (int b = 0; b < blocks; b++) {
      times.add(t);
      t = t.plusMillis(randint(5, 400));
    }
    LocalDate day = LocalDate.ofInstant(times.get(0), ZoneOffset.UTC);
    if (!LocalDate.ofInstant(times.get(blocks - 1), ZoneOffset.UTC).equals(day)) {
      Instant shift = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      Duration by = Duration.between(times.get(0), shift).plusMillis(1);
      times.replaceAll(x -> x.plus(by));
    }
    return times;
  }

  /** The block's content, as Claude Code writes it: thinking first, a tool call last, text between. */
  private String content(ArrayNode content, int b, int blocks) {
    if (b == 0 && blocks > 1 && rng.nextDouble() < 0.5) {
      content.addObject().put("type", "thinking").put("thinking", "").put("signature", "Eq" + "x".repeat(40));
      return "thinking";
    }
    if (b == blocks - 1 && rng.nextDouble() < 0.6) {
      ObjectNode tool = content.addObject().put("type", "tool_use").put("id", "toolu_01" + String.format("%020x",
          rng.nextLong() & 0xffffffffffffL)).put("name", List.of("Bash", "Read", "Edit", "Grep").get(rng.nextInt(4)));
      tool.putObject("input").put("command", text(40));
      tool.putObject("caller").put("type", "direct");
      return "tool_use";
    }
    content.addObject().put("type", "text").put("text", text(options.contentChars()));
    return "text";
  }

  private static void common(ObjectNode line, String cwd, String sessionId, String version, String branch) {
    line.put("userType", "external").put("entrypoint", "cli").put("cwd", cwd).put("sessionId", sessionId)
        .put("version", version).put("gitBranch", branch);
  }

  private ObjectNode usage() {
    long cacheRead = (long) lognormal(10.3, 0.8); // about 30k
    if (rng.nextDouble() < options.hugeRatio()) {
      cacheRead = randint(200_001, 600_000); // past 200k: the long-context rates
    }
    long cacheWrite = rng.nextDouble() < 0.35 ? 0 : (long) lognormal(7.5, 1.2);
    long oneHour = rng.nextDouble() < 0.3 ? cacheWrite : 0; // Claude Code writes some caches with the 1h TTL
    long input = rng.nextDouble() < 0.9 ? randint(1, 60) : randint(100, 20_000);
    ObjectNode u = JSON.createObjectNode().put("input_tokens", input).put("cache_creation_input_tokens", cacheWrite)
        .put("cache_read_input_tokens", cacheRead);
    u.putObject("cache_creation").put("ephemeral_5m_input_tokens", cacheWrite - oneHour)
        .put("ephemeral_1h_input_tokens", oneHour);
    u.put("output_tokens", Math.max(1, (long) lognormal(5.5, 1.1))); // about 250
    u.putObject("server_tool_use").put("web_search_requests", 0).put("web_fetch_requests", 0);
    u.put("service_tier", "standard").put("inference_geo", "not_available");
    return u;
  }

  /** Adds one response to the manifest's day and model, priced both ways. */
  private void count(Instant at, String model, ObjectNode u) {
    ObjectNode d = claudeDays.computeIfAbsent(LocalDate.ofInstant(at, ZoneOffset.UTC).toString(), k -> new TreeMap<>())
        .computeIfAbsent(model, k -> sums());
    long in = u.get("input_tokens").asLong();
    long out = u.get("output_tokens").asLong();
    long write = u.get("cache_creation_input_tokens").asLong();
    long read = u.get("cache_read_input_tokens").asLong();
    long c5 = u.at("/cache_creation/ephemeral_5m_input_tokens").asLong();
    long c1 = u.at("/cache_creation/ephemeral_1h_input_tokens").asLong();
    d.put("inputTokens", d.get("inputTokens").asLong() + in).put("outputTokens", d.get("outputTokens").asLong() + out)
        .put("cacheCreationTokens", d.get("cacheCreationTokens").asLong() + write)
        .put("cacheReadTokens", d.get("cacheReadTokens").asLong() + read)
        .put("messages", d.get("messages").asLong() + 1);
    Price p = CLAUDE_PRICES.get(model);
    boolean longContext = p.ia() != null && in + write + read > 200_000;
    String s = longContext ? "a" : "";
    BigDecimal providers = times(in, p.get("i" + s)).add(times(out, p.get("o" + s))).add(times(c5, p.get("cc" + s)))
        .add(times(c1, p.get("i" + s).multiply(TWO))).add(times(read, p.get("cr" + s)));
    BigDecimal ia = p.get("ia");
    BigDecimal ccusage = tiered(in, p.get("i"), ia).add(tiered(out, p.get("o"), p.get("oa")))
        .add(tiered(c5, p.get("cc"), p.get("cca")))
        .add(tiered(c1, p.get("i").multiply(TWO), ia == null ? null : ia.multiply(TWO)))
        .add(tiered(read, p.get("cr"), p.get("cra")));
    d.put("cost", d.get("cost").decimalValue().add(providers)).put("costCcusage",
        d.get("costCcusage").decimalValue().add(ccusage));
  }

  /** ccusage's rule: the tokens above 200k at the higher rate, where there is one. */
  private static BigDecimal tiered(long tokens, BigDecimal base, BigDecimal above) {
    if (tokens <= 0) {
      return BigDecimal.ZERO;
    }
    if (above != null && tokens > 200_000) {
      return LONG_CONTEXT.multiply(base).add(BigDecimal.valueOf(tokens - 200_000).multiply(above));
    }
    return times(tokens, base);
  }

  private static BigDecimal times(long tokens, BigDecimal price) {
    return BigDecimal.valueOf(tokens).multiply(price);
  }

  private static ObjectNode sums() {
    return JSON.createObjectNode().put("inputTokens", 0L).put("outputTokens", 0L).put("cacheCreationTokens", 0L)
        .put("cacheReadTokens", 0L).put("cost", BigDecimal.ZERO).put("costCcusage", BigDecimal.ZERO)
        .put("messages", 0L);
  }

  private JsonNode codex() throws IOException {
    int left = options.codexEvents();
    int files = 0;
    while (left > 0) {
      int n = Math.min(200, left);
      String sessionId = uuid().toString();
      Instant t = options.start().atStartOfDay(ZoneOffset.UTC).toInstant()
          .plus(Duration.ofDays(rng.nextInt(options.days()))).plusSeconds(rng.nextInt(20 * 3600));
      LocalDate day = LocalDate.ofInstant(t, ZoneOffset.UTC);
      Path file = options.codexOut().resolve("sessions").resolve(String.format("%04d", day.getYear()))
          .resolve(String.format("%02d", day.getMonthValue())).resolve(String.format("%02d", day.getDayOfMonth()))
          .resolve("rollout-" + FILE_TIME.format(t) + "-" + sessionId + ".jsonl");
      String model = CODEX_MODELS.get(rng.nextInt(CODEX_MODELS.size()));
      List<String> lines = new ArrayList<>();
      ObjectNode meta = JSON.createObjectNode().put("timestamp", ISO_MILLIS.format(t)).put("type", "session_meta");
      meta.putObject("payload").put("id", sessionId).put("timestamp", ISO_MILLIS.format(t))
          .put("cwd", "/home/dev/code/service-00").put("originator", "codex_cli_rs").put("cli_version", "0.46.0")
          .putNull("instructions").put("source", "cli").put("model_provider", "openai");
      lines.add(JSON.writeValueAsString(meta));
      ObjectNode turn = JSON.createObjectNode().put("timestamp", ISO_MILLIS.format(t)).put("type", "turn_context");
      ObjectNode turnPayload = turn.putObject("payload").put("cwd", "/home/dev/code/service-00")
          .put("approval_policy", "on-request");
      turnPayload.putObject("sandbox_policy").put("mode", "workspace-write");
      turnPayload.put("model", model).put("effort", "medium").put("summary", "auto");
      lines.add(JSON.writeValueAsString(turn));
      long[] total = new long[5]; // input, cached, output, reasoning, total
      for (int e = 0; e < n; e++) {
        t = t.plusSeconds(randint(2, 120));
        long input = randint(2_000, 60_000);
        long cached = (long) (input * (rng.nextDouble() * 0.95));
        long output = randint(20, 3_000);
        long reasoning = randint(0, (int) output);
        long[] last = {input, cached, output, reasoning, input + output};
        for (int k = 0; k < 5; k++) {
          total[k] += last[k];
        }
        ObjectNode message = JSON.createObjectNode().put("timestamp", ISO_MILLIS.format(t)).put("type", "response_item");
        message.putObject("payload").put("type", "message").put("role", "assistant").putArray("content").addObject()
            .put("type", "output_text").put("text", text(80));
        lines.add(JSON.writeValueAsString(message));
        ObjectNode event = JSON.createObjectNode().put("timestamp", ISO_MILLIS.format(t)).put("type", "event_msg");
        ObjectNode payload = event.putObject("payload").put("type", "token_count");
        ObjectNode info = payload.putObject("info");
        info.set("total_token_usage", tokenUsage(total));
        info.set("last_token_usage", tokenUsage(last));
        info.put("model_context_window", 272_000);
        ObjectNode limits = payload.putObject("rate_limits");
        limits.putObject("primary").put("used_percent", 1.0).put("window_minutes", 300);
        limits.putObject("secondary").put("used_percent", 0.5).put("window_minutes", 10_080);
        lines.add(JSON.writeValueAsString(event));
        countCodex(t, model, last);
      }
      Files.createDirectories(file.getParent());
      Files.writeString(file, String.join("\n", lines) + "\n");
      files++;
      left -= n;
    }
    ObjectNode out = JSON.createObjectNode().put("files", files).put("events", options.codexEvents());
    out.set("days", JSON.valueToTree(codexDays));
    out.put("note", "Codex input_tokens INCLUDES cached_input_tokens; output_tokens INCLUDES reasoning; cost:"
        + " (input - cached)*input price + cached*cached price + output*output price");
    return out;
  }

  private static ObjectNode tokenUsage(long[] t) {
    return JSON.createObjectNode().put("input_tokens", t[0]).put("cached_input_tokens", t[1]).put("output_tokens", t[2])
        .put("reasoning_output_tokens", t[3]).put("total_tokens", t[4]);
  }

  private void countCodex(Instant at, String model, long[] last) {
    ObjectNode c = codexDays.computeIfAbsent(LocalDate.ofInstant(at, ZoneOffset.UTC).toString(), k -> new TreeMap<>())
        .computeIfAbsent(model, k -> JSON.createObjectNode().put("input_tokens", 0L).put("cached_input_tokens", 0L)
            .put("output_tokens", 0L).put("reasoning_output_tokens", 0L).put("events", 0L).put("cost", BigDecimal.ZERO));
    c.put("input_tokens", c.get("input_tokens").asLong() + last[0])
        .put("cached_input_tokens", c.get("cached_input_tokens").asLong() + last[1])
        .put("output_tokens", c.get("output_tokens").asLong() + last[2])
        .put("reasoning_output_tokens", c.get("reasoning_output_tokens").asLong() + last[3])
        .put("events", c.get("events").asLong() + 1);
    List<BigDecimal> p = CODEX_PRICES.get(model);
    c.put("cost", c.get("cost").decimalValue().add(times(last[0] - last[1], p.get(0))).add(times(last[1], p.get(1)))
        .add(times(last[2], p.get(2))));
  }

  private String weighted(List<String> models) {
    int total = MODEL_WEIGHTS.stream().mapToInt(Map.Entry::getValue).sum();
    int pick = rng.nextInt(total);
    for (Map.Entry<String, Integer> e : MODEL_WEIGHTS) {
      pick -= e.getValue();
      if (pick < 0) {
        return e.getKey();
      }
    }
    return models.get(0);
  }

  private double lognormal(double mu, double sigma) {
    return Math.exp(mu + sigma * rng.nextGaussian());
  }

  /** Between {@code a} and {@code b}, both included. */
  private int randint(int a, int b) {
    return a + rng.nextInt(b - a + 1);
  }

  private UUID uuid() {
    long msb = (rng.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long lsb = (rng.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(msb, lsb);
  }

  private String id(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int k = 0; k < length; k++) {
      s.append(ID_CHARS.charAt(rng.nextInt(ID_CHARS.length())));
    }
    return s.toString();
  }

  private String text(int chars) {
    StringBuilder s = new StringBuilder();
    while (s.length() < chars) {
      if (s.length() > 0) {
        s.append(' ');
      }
      s.append(WORDS[rng.nextInt(WORDS.length)]);
    }
    return s.substring(0, chars);
  }
}
