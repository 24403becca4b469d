package dev.cto.costs.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * What a malformed request to {@code /mcp} gets back: a JSON-RPC error and nothing else. The MCP
 * SDK's servlet answers its errors with the whole serialized exception (a 7 kB stack trace), and
 * calls bad JSON an "invalid message". Here bad JSON is answered with JSON-RPC's parse error
 * before the SDK sees it, and any error body the SDK writes is reduced to its JSON-RPC code and
 * message.
 */
final class McpMessageFilter implements Filter {

  static final byte[] PARSE_ERROR =
      "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}".getBytes(StandardCharsets.UTF_8);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final int maxRequestBytes;

  McpMessageFilter(int maxRequestBytes) {
    this.maxRequestBytes = maxRequestBytes;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    CleanErrors clean = new CleanErrors(response);
    if (!"POST".equals(request.getMethod()) || request.getContentLengthLong() > maxRequestBytes) {
      chain.doFilter(request, clean); // the SDK answers these (405, 413) without a body of ours
      clean.finish();
      return;
    }
    byte[] body = request.getInputStream().readNBytes(maxRequestBytes + 1);
    if (body.length > maxRequestBytes) {
      response.sendError(413); // a chunked body over the SDK's limit, which the SDK would refuse too
      return;
    }
    if (!isJson(body)) {
      response.setStatus(400);
      response.setContentType("application/json");
      response.getOutputStream().write(PARSE_ERROR);
      return;
    }
    chain.doFilter(new Replayed(request, body), clean);
    clean.finish();
  }

  private static boolean isJson(byte[] body) {
    try {
      JsonNode parsed = JSON.readTree(body);
      return parsed != null && !parsed.isMissingNode(); // an empty body is no JSON either
    } catch (IOException e) {
      return false;
    }
  }

  /** The body read above, offered again to the SDK, which reads it through {@code getReader()}. */
  private static final class Replayed extends HttpServletRequestWrapper {

    private final byte[] body;

    Replayed(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the MCP body is read blocking");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }

  /**
   * Passes successful answers through untouched and holds back error bodies (status 400 and up),
   * which {@link #finish()} rewrites to {@code {"jsonrpc":"2.0","id":null,"error":{code, message}}}.
   */
  private static final class CleanErrors extends HttpServletResponseWrapper {

    private ByteArrayOutputStream held;

    CleanErrors(HttpServletResponse response) {
      super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      if (getStatus() < 400) {
        return super.getOutputStream();
      }
      ByteArrayOutputStream buffer = hold();
      return new ServletOutputStream() {
        @Override
        public void write(int b) {
          buffer.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          buffer.write(b, off, len);
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
          throw new IllegalStateException("MCP error bodies are written blocking");
        }
      };
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      if (getStatus() < 400) {
        return super.getWriter();
      }
      return new PrintWriter(new OutputStreamWriter(hold(), StandardCharsets.UTF_8), true);
    }

    private ByteArrayOutputStream hold() {
      if (held == null) {
        held = new ByteArrayOutputStream();
      }
      return held;
    }

    void finish() throws IOException {
      if (held == null) {
        return;
      }
      int code = -32603;
      String message = "Internal error";
      try {
        JsonNode written = JSON.readTree(held.toByteArray());
        JsonNode error = written.has("jsonRpcError") ? written.get("jsonRpcError") : written.path("error");
        if (error.path("code").isInt()) {
          code = error.get("code").asInt();
          message = error.path("message").asText(message);
        }
      } catch (IOException e) {
        // not JSON: the generic internal error stands
      }
      byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().put("jsonrpc", "2.0").putNull("id")
          .set("error", JSON.createObjectNode().put("code", code).put("message", message)));
      HttpServletResponse response = (HttpServletResponse) getResponse();
      response.setContentType("application/json");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }
  }
}
