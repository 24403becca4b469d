package dev.cto.costs.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.capture.proxy.LlmProxy;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class ProxyServerTest {

  @Test
  void proxyConnectionsMayIdleAsLongAsAModelCallTakesNotJettysThirtySeconds() {
    try (ProxyServer server = new ProxyServer("127.0.0.1", 0, new LlmProxy(() -> null, null, Clock.systemUTC())).start()) {
      assertThat(server.idleTimeoutMillis()).isEqualTo(ProxyRoutes.IDLE_TIMEOUT_MS).isGreaterThan(30_000);
    }
  }
}
