package dev.cto.costs.pricing;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a cost config that {@link CostConfigLoader} reads back to the same config. */
public final class CostConfigWriter {

  public enum Format { JSON, YAML }

  private CostConfigWriter() {}

  public static void write(CostConfig config, Format format, OutputStream out) throws IOException {
    (format == Format.YAML ? ConfigMappers.YAML : ConfigMappers.JSON)
        .writer()
        .without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
        .writeValue(out, config);
    if (format == Format.JSON) {
      out.write('\n');
    }
    out.flush();
  }
}
