package dev.cto.costs.client.otel;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;

/** The part of {@link OtelBaggage} that uses the OpenTelemetry API; loaded only when it is present. */
final class BaggageScope {

  private BaggageScope() {}

  static OtelBaggage.Entered enter(Map<String, String> entries) {
    BaggageBuilder builder = Baggage.fromContext(Context.current()).toBuilder();
    entries.forEach((key, value) -> {
      if (value == null) {
        builder.remove(key);
      } else {
        builder.put(key, value);
      }
    });
    Scope scope = Context.current().with(builder.build()).makeCurrent();
    return scope::close;
  }
}
