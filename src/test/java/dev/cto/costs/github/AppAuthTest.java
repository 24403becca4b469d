package dev.cto.costs.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cto.costs.github.PublishResult.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commenting as a GitHub App: JWT (RS256, verified by the fake) exchanged for installation tokens. */
class AppAuthTest {

  private static final String REPO = "5dlabs/cto";
  private static KeyPair keys;

  @TempDir Path dir;
  private FakeGitHub github;
  private CostData data;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    keys = gen.generateKeyPair();
  }

  @BeforeEach
  void setUp() throws Exception {
    github = new FakeGitHub().pr(REPO, 12);
    data = new CostData(dir);
    data.call(REPO, 12, "rex", "code", 1, 1000, 500);
  }

  @AfterEach
  void tearDown() {
    data.close();
    github.close();
  }

  /** GitHub hands out App keys as PKCS#1 ("BEGIN RSA PRIVATE KEY"): the RSAPrivateKey inside the JDK's PKCS#8. */
  private Path pkcs1Pem() throws Exception {
    byte[] pkcs8 = keys.getPrivate().getEncoded();
    assertThat(pkcs8[22]).as("OCTET STRING of PrivateKeyInfo").isEqualTo((byte) 0x04);
    byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
    String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs1)
        + "\n-----END RSA PRIVATE KEY-----\n";
    return Files.writeString(dir.resolve("app.pem"), pem);
  }

  private PrCommentPublisher publisher(Long installationId, Duration refreshBefore) throws Exception {
    GitHubSettings settings = new GitHubSettings(github.apiUrl(), CommentBehavior.UPDATE, null,
        new GitHubSettings.App(321, installationId, pkcs1Pem()), Duration.ZERO, Duration.ofSeconds(5));
    return new PrCommentPublisher(data.reports(), new GitHubClient(settings, Clock.systemUTC(), refreshBefore, GitHubClient.REQUEST_TIMEOUT),
        new PrCommentRenderer(), Clock.systemUTC());
  }

  @Test
  void exchangesTheAppKeyForAnInstallationTokenOnceAndReusesIt() throws Exception {
    github.app(321, 77, keys.getPublic(), Duration.ofHours(1));
    PrCommentPublisher publisher = publisher(77L, AppTokens.REFRESH_BEFORE);

    assertThat(publisher.publish(REPO, 12, null).outcome()).isEqualTo(Outcome.CREATED);
    data.call(REPO, 12, "rex", "code", 2, 1000, 500);
    assertThat(publisher.publish(REPO, 12, null).outcome()).isEqualTo(Outcome.UPDATED);

    assertThat(github.tokensIssued).isEqualTo(1);
    assertThat(github.requests("POST", "/app/installations/77/access_tokens")).singleElement()
        .satisfies(r -> assertThat(r.authorization()).startsWith("Bearer ey"));
    List<FakeGitHub.Request> repoCalls = github.requests.stream().filter(r -> r.path().startsWith("/repos/")).toList();
    assertThat(repoCalls).isNotEmpty().allSatisfy(r -> assertThat(r.authorization()).isEqualTo("token ghs_installation_1"));
  }

  @Test
  void refreshesTheTokenBeforeItExpires() throws Exception {
    github.app(321, 77, keys.getPublic(), Duration.ofSeconds(4));
    PrCommentPublisher publisher = publisher(77L, Duration.ofSeconds(2));
    publisher.publish(REPO, 12, null);
    assertThat(github.tokensIssued).isEqualTo(1);

    Thread.sleep(2_500); // now less than 2 s of the token's 4 s are left
    data.call(REPO, 12, "rex", "code", 2, 1000, 500);
    publisher.publish(REPO, 12, null);

    assertThat(github.tokensIssued).isEqualTo(2);
    assertThat(github.requests("PATCH", "/repos/")).singleElement()
        .satisfies(r -> assertThat(r.authorization()).isEqualTo("token ghs_installation_2"));
  }

  @Test
  void findsTheInstallationOfTheRepositoryWhenNoneIsConfigured() throws Exception {
    github.app(321, 88, keys.getPublic(), Duration.ofHours(1));

    assertThat(publisher(null, AppTokens.REFRESH_BEFORE).publish(REPO, 12, null).outcome()).isEqualTo(Outcome.CREATED);

    assertThat(github.requests("GET", "/repos/5dlabs/cto/installation")).hasSize(1);
    assertThat(github.requests("POST", "/app/installations/88/access_tokens")).hasSize(1);
  }

  @Test
  void aKeyGitHubDoesNotKnowIsReportedAsBadCredentials() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    github.app(321, 77, gen.generateKeyPair().getPublic(), Duration.ofHours(1));

    assertThatThrownBy(() -> publisher(77L, AppTokens.REFRESH_BEFORE).publish(REPO, 12, null))
        .isInstanceOf(GitHubException.class).hasMessageContaining("HTTP 401").hasMessageContaining("installation token");
  }

  @Test
  void aFileThatIsNoKeyIsNamed() throws Exception {
    Path notAKey = Files.writeString(dir.resolve("key.pem"), "hello");
    GitHubSettings settings = new GitHubSettings(github.apiUrl(), null, null, new GitHubSettings.App(1, 2L, notAKey), null, null);

    assertThatThrownBy(() -> new GitHubClient(settings)).isInstanceOf(GitHubException.class)
        .hasMessageContaining(notAKey.toString()).hasMessageContaining("BEGIN RSA PRIVATE KEY");
  }
}
