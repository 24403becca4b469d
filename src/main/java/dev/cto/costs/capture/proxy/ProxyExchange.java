package dev.cto.costs.capture.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * One HTTP exchange between an agent and the proxy, as {@link LlmProxy} needs it: the request's
 * line, headers and body; the answer's status, headers and body. The proxy is written against this
 * and not against a server's API, so the web layer can serve it from the lowest layer of its server
 * (a call through the proxy then pays for no routing, filters or servlet wrappers), and a test can
 * drive it with anything that speaks HTTP.
 */
public interface ProxyExchange {

  /** {@code GET}, {@code POST}, … */
  String method();

  /** The path as sent, still percent-encoded (attribution in the path may hold {@code %2F}). */
  String rawPath();

  /** The query as sent, without its {@code ?}; null when there is none. */
  String rawQuery();

  /** The first value of a request header, by name in any case; null when absent. */
  String header(String name);

  /** Every value of a request header, in order; empty when absent. */
  List<String> headers(String name);

  /** The request's header names, each once, as the client spelled them. */
  List<String> headerNames();

  /** The declared {@code Content-Length}, or -1 when the body is chunked or absent. */
  long contentLength();

  /** The request body; read once. */
  InputStream body() throws IOException;

  /** Sets the answer's status; before its first byte is written. */
  void status(int status);

  /** Replaces a header of the answer; before its first byte is written. */
  void setHeader(String name, String value);

  /** Adds a value to a header of the answer; before its first byte is written. */
  void addHeader(String name, String value);

  /**
   * The answer's body. Each write goes to the client at once (nothing is held back waiting for
   * more), the first with the status and headers; closing it ends the answer.
   */
  OutputStream output() throws IOException;
}
