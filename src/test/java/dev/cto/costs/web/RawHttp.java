package dev.cto.costs.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written by hand on a socket, for what the JDK's client will not send: a Host header of
 * the test's choosing, or a body that stops half-way.
 */
final class RawHttp {

  /** A status code and the body (as text), of a response read to the end of the connection. */
  record Response(int status, String head, String body) {}

  private RawHttp() {}

  /** Sends a whole request with {@code Connection: close} and reads the whole response (10 s at most). */
  static Response exchange(int port, String method, String path, String host, String contentType, String body,
      String... headers) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
      if (contentType != null) {
        request.append("Content-Type: ").append(contentType).append("\r\n");
      }
      for (int i = 0; i < headers.length; i += 2) {
        request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
      }
      request.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return parse(readAll(socket.getInputStream()));
    }
  }

  /** Opens a POST that announces {@code announced} bytes and sends only {@code sent}; the caller closes it. */
  static Socket stalledUpload(int port, String path, String contentType, int announced, int sent, String... headers)
      throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
        + "Content-Type: " + contentType + "\r\nContent-Length: " + announced + "\r\n");
    for (int i = 0; i < headers.length; i += 2) {
      request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    request.append("\r\n");
    socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().write("[".repeat(sent).getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return socket;
  }

  /**
   * The answers already waiting on these stalled uploads' sockets: a refusal is there at once, an
   * upload that holds a slot has none yet (each socket is given 50 ms).
   */
  static java.util.List<Response> answersSoFar(java.util.List<Socket> sockets) throws IOException {
    java.util.List<Response> answers = new java.util.ArrayList<>();
    for (Socket s : sockets) {
      s.setSoTimeout(50);
      try {
        answers.add(parse(s.getInputStream().readNBytes(4096)));
      } catch (java.net.SocketTimeoutException stillUploading) {
        // holds a slot
      }
    }
    return answers;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  static Response parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    String head = end < 0 ? text : text.substring(0, end);
    String body = end < 0 ? "" : text.substring(end + 4);
    if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
      body = unchunk(body);
    }
    int status = head.length() >= 12 ? Integer.parseInt(head.substring(9, 12)) : -1;
    return new Response(status, head, body);
  }

  private static String unchunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < chunked.length()) {
      int eol = chunked.indexOf("\r\n", at);
      if (eol < 0) {
        break;
      }
      int size = Integer.parseInt(chunked.substring(at, eol).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(chunked, eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
    return out.toString();
  }
}
