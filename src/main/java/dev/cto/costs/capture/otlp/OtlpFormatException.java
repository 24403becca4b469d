package dev.cto.costs.capture.otlp;

/** The body is not an OTLP export request in the declared encoding: answered with 400. */
public final class OtlpFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  OtlpFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
