package dev.cto.costs.capture.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends one call to a provider over HTTP/1.1 and returns its answer once the response head is in,
 * the body to be read as it arrives, all on the calling thread (see {@link UpstreamConnection}).
 * A request is never sent twice: when a connection fails, the call fails (a 502 to the agent,
 * whose SDK decides whether to retry), because whether the provider got it cannot be known.
 */
final class UpstreamClient {

  private final UpstreamPool pool = new UpstreamPool();

  /**
   * @param base the provider's URL (scheme, host, port and a path prefix, if any)
   * @param target the path and query after {@code base}'s path
   * @param headers name and value pairs, forwarded as they are (without Host, Content-Length and
   *     Transfer-Encoding, which this sets)
   */
  UpstreamResponse send(String method, URI base, String target, List<String[]> headers, RequestBody body)
      throws IOException {
    UpstreamConnection connection = pool.take(base);
    try {
      write(connection.out, method, base, target, headers, body);
      return readHead(connection, method);
    } catch (IOException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  private static void write(OutputStream out, String method, URI base, String target, List<String[]> headers,
      RequestBody body) throws IOException {
    StringBuilder head = new StringBuilder(512).append(method).append(' ')
        .append(base.getRawPath() == null ? "" : base.getRawPath()).append(target).append(" HTTP/1.1\r\nHost: ")
        .append(base.getRawAuthority()).append("\r\n");
    for (String[] header : headers) {
      head.append(header[0]).append(": ").append(header[1]).append("\r\n");
    }
    byte[] held = body.held();
    if (held == null) {
      head.append("Transfer-Encoding: chunked\r\n\r\n");
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      writeChunked(out, body.streamed());
      return;
    }
    if (held.length > 0 || !(method.equals("GET") || method.equals("HEAD") || method.equals("DELETE")
        || method.equals("OPTIONS"))) {
      head.append("Content-Length: ").append(held.length).append("\r\n");
    }
    head.append("\r\n");
    // head and body in one write: one segment for a typical call
    byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
    byte[] request = new byte[start.length + held.length];
    System.arraycopy(start, 0, request, 0, start.length);
    System.arraycopy(held, 0, request, start.length, held.length);
    out.write(request);
    out.flush();
  }

  private static void writeChunked(OutputStream out, InputStream body) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    ByteArrayOutputStream chunk = new ByteArrayOutputStream(buffer.length + 16);
    try (body) {
      int n;
      while ((n = body.read(buffer)) >= 0) {
        if (n == 0) {
          continue;
        }
        chunk.reset();
        chunk.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        chunk.write(buffer, 0, n);
        chunk.write('\r');
        chunk.write('\n');
        chunk.writeTo(out);
      }
    }
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private UpstreamResponse readHead(UpstreamConnection connection, String method) throws IOException {
    while (true) {
      String statusLine = connection.in.readLine();
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new IOException("the upstream did not answer HTTP/1.x: " + statusLine);
      }
      int status;
      try {
        status = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IOException("the upstream sent a bad status line: " + statusLine);
      }
      Map<String, List<String>> headers = readHeaders(connection.in);
      if (status >= 100 && status < 200 && status != 101) {
        continue; // interim (100 Continue, 103 Early Hints): the answer follows
      }
      return new UpstreamResponse(status, headers, body(connection, method, status, parts[0], headers));
    }
  }

  private static Map<String, List<String>> readHeaders(UpstreamInput in) throws IOException {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    int count = 0;
    String line;
    while (!(line = in.readLine()).isEmpty()) {
      int colon = line.indexOf(':');
      if (colon <= 0 || ++count > 500) {
        throw new IOException("the upstream sent a bad header line: " + line);
      }
      headers.computeIfAbsent(line.substring(0, colon).trim(), n -> new ArrayList<>(1))
          .add(line.substring(colon + 1).trim());
    }
    return headers;
  }

  private UpstreamBody body(UpstreamConnection connection, String method, int status, String version,
      Map<String, List<String>> headers) throws IOException {
    boolean reusable = version.equals("HTTP/1.1") && !has(headers, "connection", "close");
    if (method.equals("HEAD") || status == 204 || status == 304 || status == 101) {
      return new UpstreamBody(connection, pool, UpstreamBody.Framing.EMPTY, 0, reusable && status != 101);
    }
    if (has(headers, "transfer-encoding", "chunked")) {
      return new UpstreamBody(connection, pool, UpstreamBody.Framing.CHUNKED, -1, reusable);
    }
    List<String> length = headers.get("content-length");
    if (length != null && !length.isEmpty()) {
      try {
        long n = Long.parseLong(length.get(0).trim());
        if (n >= 0) {
          return new UpstreamBody(connection, pool, UpstreamBody.Framing.LENGTH, n, reusable);
        }
      } catch (NumberFormatException e) {
        // read to the close below
      }
    }
    return new UpstreamBody(connection, pool, UpstreamBody.Framing.UNTIL_CLOSE, -1, false);
  }

  private static boolean has(Map<String, List<String>> headers, String name, String token) {
    List<String> values = headers.get(name);
    if (values == null) {
      return false;
    }
    for (String value : values) {
      for (String part : value.split(",")) {
        if (part.trim().toLowerCase(Locale.ROOT).equals(token)) {
          return true;
        }
      }
    }
    return false;
  }
}
