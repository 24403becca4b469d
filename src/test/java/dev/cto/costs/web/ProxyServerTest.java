package dev.cto.costs.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.capture.proxy.LlmProxy;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class ProxyServerTest {

  @Test
  void connectionsIdleAtTheShortReadTimeoutOnlyAProxiedCallMayIdleAsLongAsAModelCallTakes() {
    try (ProxyServer server = new ProxyServer("127.0.0.1", 0, new LlmProxy(() -> null, null, Clock.systemUTC())).start()) {
      // a stalled upload holds its thread this long at most; a proxied call raises it for itself
      assertThat(server.idleTimeoutMillis()).isEqualTo(ReadTimeout.MILLIS).isLessThan(ProxyRoutes.IDLE_TIMEOUT_MS);
    }
  }
}
