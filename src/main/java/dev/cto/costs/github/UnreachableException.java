package dev.cto.costs.github;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * GitHub could not be talked to at all: the JDK client failed before any HTTP status. Carries the
 * host, the port and the reason in words, since the JDK's own exceptions often have no message
 * (an unreachable GitHub used to end in {@code : null}).
 */
final class UnreachableException extends IOException {

  private static final long serialVersionUID = 1L;

  UnreachableException(URI uri, Throwable cause, Duration connectTimeout, Duration requestTimeout) {
    super(hostPort(uri) + ": " + reason(cause, connectTimeout, requestTimeout), cause);
  }

  private static String hostPort(URI uri) {
    int port = uri.getPort() >= 0 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    return uri.getHost() + ":" + port;
  }

  static String reason(Throwable e, Duration connectTimeout, Duration requestTimeout) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpConnectTimeoutException) {
        return "timed out: no connection within " + seconds(connectTimeout);
      }
      if (t instanceof HttpTimeoutException) {
        return "timed out: no answer within " + seconds(requestTimeout);
      }
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return "unknown host (DNS)";
      }
      if (t instanceof NoRouteToHostException) {
        return "no route to host";
      }
      if (t instanceof ConnectException) {
        return t.getMessage() == null || t.getMessage().isBlank() ? "connection refused" : t.getMessage();
      }
      if (t instanceof SSLException) {
        return "TLS failed: " + t.getMessage();
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null || root.getMessage().isBlank() ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
