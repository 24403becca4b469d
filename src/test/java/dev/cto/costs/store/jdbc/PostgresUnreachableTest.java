package dev.cto.costs.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cto.costs.store.StoreException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A command pointed at a PostgreSQL that is not there gets one line, soon, saying where and why. */
class PostgresUnreachableTest {

  @Test
  void anUnreachableServerFailsWithinThreeSecondsNamingHostPortAndReason() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    long started = System.nanoTime();

    Throwable failure = catchThrowable(() -> JdbcStore.openExisting(
        StoreLocation.postgres("jdbc:postgresql://127.0.0.1:" + port + "/costs?user=u&password=hunter2", null, null)));

    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat(failure).isInstanceOf(StoreException.class);
    // before: after 10 s, "cto-costs - Connection is not available, request timed out after 10000ms (total=0, …)"
    assertThat(failure.getMessage())
        .isEqualTo("cannot connect to PostgreSQL at 127.0.0.1:" + port + ": Connection refused")
        .doesNotContain("hunter2");
    assertThat(millis).as("ms until the answer").isLessThan(3_000);
  }
}
