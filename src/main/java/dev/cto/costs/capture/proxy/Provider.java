package dev.cto.costs.capture.proxy;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** The providers the proxy fronts, with their public APIs as default upstreams. */
public enum Provider {
  ANTHROPIC("https://api.anthropic.com"),
  OPENAI("https://api.openai.com"),
  PERPLEXITY("https://api.perplexity.ai"),
  GEMINI("https://generativelanguage.googleapis.com");

  private final URI defaultUpstream;

  Provider(String defaultUpstream) {
    this.defaultUpstream = URI.create(defaultUpstream);
  }

  public URI defaultUpstream() {
    return defaultUpstream;
  }

  /** The name in paths, config keys and stored records: {@code anthropic}, {@code openai}, … */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Provider> of(String key) {
    for (Provider p : values()) {
      if (p.key().equals(key)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  UsageTap tap(String contentType, String contentEncoding) {
    return switch (this) {
      case ANTHROPIC -> new AnthropicTap(contentType, contentEncoding);
      case OPENAI, PERPLEXITY -> new OpenAiTap(contentType, contentEncoding);
      case GEMINI -> new GeminiTap(contentType, contentEncoding);
    };
  }
}
