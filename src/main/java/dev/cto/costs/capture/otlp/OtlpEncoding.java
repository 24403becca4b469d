package dev.cto.costs.capture.otlp;

import java.util.Locale;

/** The two OTLP/HTTP body encodings; a response is written in the encoding of its request. */
public enum OtlpEncoding {
  PROTOBUF("application/x-protobuf"),
  JSON("application/json");

  private final String contentType;

  OtlpEncoding(String contentType) {
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }

  /** The encoding of a {@code Content-Type} header, or null when OTLP/HTTP does not define it. */
  public static OtlpEncoding of(String contentType) {
    if (contentType == null) {
      return null;
    }
    String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    return switch (type) {
      case "application/x-protobuf", "application/protobuf" -> PROTOBUF;
      case "application/json" -> JSON;
      default -> null;
    };
  }
}
