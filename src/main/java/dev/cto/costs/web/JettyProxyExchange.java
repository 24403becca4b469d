package dev.cto.costs.web;

import dev.cto.costs.capture.proxy.ProxyExchange;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * A proxied call as Jetty's core API has it: no servlet request or response is built for it, and
 * each write of the body goes to the client at once (Jetty's blocking sink holds nothing back).
 */
final class JettyProxyExchange implements ProxyExchange {

  private final Request request;
  private final Response response;
  private InputStream body;
  private OutputStream output;

  JettyProxyExchange(Request request, Response response) {
    this.request = request;
    this.response = response;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String rawPath() {
    return request.getHttpURI().getPath();
  }

  @Override
  public String rawQuery() {
    return request.getHttpURI().getQuery();
  }

  @Override
  public String header(String name) {
    return request.getHeaders().get(name);
  }

  @Override
  public List<String> headers(String name) {
    return request.getHeaders().getValuesList(name);
  }

  @Override
  public List<String> headerNames() {
    return new ArrayList<>(request.getHeaders().getFieldNamesCollection());
  }

  @Override
  public long contentLength() {
    return request.getLength();
  }

  @Override
  public InputStream body() {
    if (body == null) {
      // closing it does not close the request: Jetty's stream would fail the request's content
      // when closed before its end (a body cut at the size limit), and the 413 that follows still
      // drains what the client sends; what is left unread when the answer ends, Jetty discards
      body = new FilterInputStream(Content.Source.asInputStream(request)) {
        @Override
        public void close() {
        }
      };
    }
    return body;
  }

  @Override
  public void status(int status) {
    response.setStatus(status);
  }

  @Override
  public void setHeader(String name, String value) {
    response.getHeaders().put(name, value);
  }

  @Override
  public void addHeader(String name, String value) {
    response.getHeaders().add(name, value);
  }

  @Override
  public OutputStream output() {
    if (output == null) {
      output = Content.Sink.asOutputStream(response);
    }
    return output;
  }

  boolean committed() {
    return response.isCommitted();
  }
}
