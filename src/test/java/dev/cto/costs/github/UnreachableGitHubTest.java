package dev.cto.costs.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An unreachable GitHub is one line naming the host, the port and the reason, within 3 s (issue 14, defect 3). */
class UnreachableGitHubTest {

  @Test
  void aRefusedConnectionNamesHostPortAndReasonQuickly() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again: nothing listens there now
    }
    GitHubSettings settings = new GitHubSettings("http://127.0.0.1:" + port, CommentBehavior.UPDATE, "ghp_test", null,
        Duration.ZERO, Duration.ofSeconds(1));
    GitHubClient client = new GitHubClient(settings);

    assertThatThrownBy(() -> client.issue("acme/app", 7)).isInstanceOf(GitHubException.class); // loads the classes
    long started = System.nanoTime();
    assertThatThrownBy(() -> client.issue("acme/app", 7))
        .isInstanceOf(GitHubException.class)
        .hasMessage("cannot reach GitHub at 127.0.0.1:" + port + ": connection refused (to read the repository acme/app)");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aConnectTimeoutSaysHowLongItWaited() {
    String reason = UnreachableException.reason(new HttpConnectTimeoutException("HTTP connect timed out"),
        GitHubClient.CONNECT_TIMEOUT, GitHubClient.REQUEST_TIMEOUT);

    assertThat(reason).isEqualTo("timed out: no connection within 3 s");
    assertThat(UnreachableException.reason(new java.net.UnknownHostException("api.github.invalid"), Duration.ofSeconds(3),
        Duration.ofSeconds(30))).isEqualTo("unknown host (DNS)");
  }
}
