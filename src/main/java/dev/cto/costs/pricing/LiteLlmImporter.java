package dev.cto.costs.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts LiteLLM's price map ({@code model_prices_and_context_window.json}: USD per token) into
 * our config entries (USD per million), exactly: numbers are read as decimals and shifted six
 * places, so {@code 3.75e-06} becomes {@code 3.75}, never {@code 3.7499999}.
 */
public final class LiteLlmImporter {

  private static final Set<String> TEXT_MODES = Set.of("chat", "responses", "completion");
  private static final Pattern TIER = Pattern.compile("input_cost_per_token_above_(\\d+)k_tokens");

  private static final Map<String, String> PROVIDERS =
      Map.of(
          "vertex_ai-language-models", "google",
          "gemini", "google",
          "vertex_ai", "google",
          "text-completion-openai", "openai");

  private LiteLlmImporter() {}

  public static List<PricingEntry> convert(InputStream litellmJson, Predicate<String> includeModel) throws IOException {
    JsonNode root = ConfigMappers.JSON.readTree(litellmJson);
    if (root == null || !root.isObject()) {
      throw new IOException("not a LiteLLM price map: the top level must be a JSON object");
    }
    List<PricingEntry> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode m = e.getValue();
      if (name.equals("sample_spec") || !m.isObject() || !includeModel.test(name)) {
        continue;
      }
      String mode = m.path("mode").asText("chat");
      if (!TEXT_MODES.contains(mode) || !m.has("input_cost_per_token") || !m.has("output_cost_per_token")) {
        continue;
      }
      out.add(entry(name, m));
    }
    return out;
  }

  static PricingEntry entry(String name, JsonNode m) {
    String provider = m.path("litellm_provider").asText(null);
    provider = provider == null ? null : PROVIDERS.getOrDefault(provider, provider);
    Long threshold = null;
    String tierSuffix = null;
    for (Iterator<String> names = m.fieldNames(); names.hasNext(); ) {
      Matcher t = TIER.matcher(names.next());
      if (t.matches()) {
        threshold = Long.parseLong(t.group(1)) * 1000;
        tierSuffix = "_above_" + t.group(1) + "k_tokens";
        break;
      }
    }
    BigDecimal input = perMillion(m, "input_cost_per_token");
    BigDecimal output = perMillion(m, "output_cost_per_token");
    BigDecimal write1h = perMillion(m, "cache_creation_input_token_cost_above_1hr");
    if (write1h == null && "anthropic".equals(provider) && m.has("cache_creation_input_token_cost")) {
      write1h = plain(input.multiply(BigDecimal.valueOf(2))); // Anthropic: 1h cache writes cost 2x input
    }
    BigDecimal tierInput = null;
    BigDecimal tierOutput = null;
    BigDecimal tierWrite1h = null;
    if (tierSuffix != null) {
      tierInput = perMillion(m, "input_cost_per_token" + tierSuffix);
      BigDecimal o = perMillion(m, "output_cost_per_token" + tierSuffix);
      tierOutput = o != null ? o : output; // a tier that only raises input keeps the output price
      tierWrite1h = perMillion(m, "cache_creation_input_token_cost_above_1hr" + tierSuffix);
      if (tierWrite1h == null && write1h != null && input.signum() > 0) {
        // LiteLLM omits it for some models; the providers keep the 1h write at the same multiple
        // of the input price in both tiers (2x for Anthropic)
        tierWrite1h = plain(write1h.multiply(tierInput).divide(input, java.math.MathContext.DECIMAL64));
      }
    }
    return new PricingEntry(
        name, provider, null, null, input, output,
        perMillion(m, "cache_creation_input_token_cost"),
        write1h,
        perMillion(m, "cache_read_input_token_cost"),
        threshold,
        tierInput,
        tierOutput,
        tierSuffix == null ? null : perMillion(m, "cache_creation_input_token_cost" + tierSuffix),
        tierWrite1h,
        tierSuffix == null ? null : perMillion(m, "cache_read_input_token_cost" + tierSuffix));
  }

  private static BigDecimal plain(BigDecimal value) {
    BigDecimal v = value.stripTrailingZeros();
    return v.scale() < 0 ? v.setScale(0) : v;
  }

  private static BigDecimal perMillion(JsonNode m, String field) {
    JsonNode v = m.get(field);
    if (v == null || !v.isNumber()) {
      return null;
    }
    return plain(v.decimalValue().movePointRight(6));
  }
}
