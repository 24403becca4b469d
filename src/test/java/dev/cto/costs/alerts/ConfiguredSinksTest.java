package dev.cto.costs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A config reload changes the sinks without a restart. */
class ConfiguredSinksTest {

  @Test
  void sinksFollowTheSettingsAndAreReusedWhileTheyAreUnchanged() {
    WebhookTarget ops = new WebhookTarget("ops", "https://ops.example/h", null, null, null);
    AtomicReference<AlertSettings> settings = new AtomicReference<>(new AlertSettings(List.of(ops), false, null));
    PrCommentScheduler comments = new PrCommentScheduler((r, p, c) -> { }, () -> true, () -> Duration.ofMinutes(5), Clock.systemUTC(), 10);
    ConfiguredSinks sinks = new ConfiguredSinks(settings::get, comments, WebhookSink.newClient(), k -> null);

    List<AlertSink> first = sinks.get();
    assertThat(first).extracting(AlertSink::id).containsExactly("webhook:ops");
    assertThat(sinks.get()).isSameAs(first);

    WebhookTarget slack = new WebhookTarget(null, "${SLACK_WEBHOOK_URL}", WebhookTarget.Format.SLACK, null, null);
    settings.set(new AlertSettings(List.of(ops, slack), true, null));
    assertThat(sinks.get()).extracting(AlertSink::id).containsExactly("webhook:ops", slack.id(), PrCommentSink.ID);

    settings.set(AlertSettings.NONE);
    assertThat(sinks.get()).isEmpty();
  }

  @Test
  void withoutACommentPublisherPostToPrAddsNoSink() {
    ConfiguredSinks sinks = new ConfiguredSinks(() -> new AlertSettings(List.of(), true, null), null, WebhookSink.newClient(), k -> null);
    assertThat(sinks.get()).isEmpty();
  }
}
