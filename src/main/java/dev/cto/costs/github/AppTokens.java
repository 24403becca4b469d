package dev.cto.costs.github;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.kohsuke.github.GHAppInstallation;
import org.kohsuke.github.GHAppInstallationToken;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;

/**
 * Installation tokens of a GitHub App: the JWT is exchanged for a token of the installation
 * (configured, or the one installed on the repository), cached and exchanged again when less than
 * {@link #REFRESH_BEFORE} of its hour is left, so no request goes out with an expiring token.
 */
final class AppTokens {

  static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);

  private record Token(String value, Instant expiresAt) {}

  private final GitHubSettings settings;
  private final AppJwt jwt;
  private final RateLimitWaits waits;
  private final Clock clock;
  private final Duration refreshBefore;
  private final Map<String, Long> installationOfRepository = new HashMap<>();
  private final Map<Long, Token> tokens = new HashMap<>();

  private final TimedConnector connector;

  AppTokens(GitHubSettings settings, RateLimitWaits waits, TimedConnector connector, Clock clock, Duration refreshBefore) {
    this.connector = connector;
    this.refreshBefore = refreshBefore;
    this.settings = settings;
    this.jwt = AppJwt.load(settings.app().appId(), settings.app().privateKey());
    this.waits = waits;
    this.clock = clock;
  }

  /** The {@code Authorization} header value for requests about this repository. */
  synchronized String authorization(String repository) throws IOException {
    Long id = settings.app().installationId();
    if (id == null) {
      id = installationOfRepository.get(repository);
      if (id == null) {
        String[] ownerName = repository.split("/", 2);
        id = GitHubClient.call(() -> asApp().getApp().getInstallationByRepository(ownerName[0], ownerName[1]).getId(),
            "look up the GitHub App installation of " + repository + " (is the App installed there?)", repository, 0);
        installationOfRepository.put(repository, id);
      }
    }
    Token token = tokens.get(id);
    if (token == null || !clock.instant().plus(refreshBefore).isBefore(token.expiresAt())) {
      long installation = id;
      token = GitHubClient.call(() -> {
        GHAppInstallation inst = asApp().getApp().getInstallationById(installation);
        GHAppInstallationToken t = inst.createToken().create();
        return new Token(t.getToken(), t.getExpiresAt().toInstant());
      }, "exchange the GitHub App key for an installation token (app " + settings.app().appId() + ", installation "
          + installation + ")", repository, 0);
      tokens.put(id, token);
    }
    return "token " + token.value();
  }

  private GitHub asApp() throws IOException {
    return new GitHubBuilder().withEndpoint(settings.apiUrl()).withConnector(connector).withJwtToken(jwt.create(clock.instant()))
        .withRateLimitHandler(waits.primary()).withAbuseLimitHandler(waits.secondary()).build();
  }
}
