package dev.cto.costs.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An announcement guards its own rules, whichever path builds it (detection, the store's read). */
class AnnouncementTest {

  private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
  private static final String BODY = "{\"event\":\"cost_anomaly\"}";

  @Test
  void refusesWhatTheStoreAndTheSinksCannotCarry() {
    assertThatThrownBy(() -> new Announcement("Cost Anomaly", "s", "t", BODY, AT)).hasMessageContaining("lower_snake_case");
    assertThatThrownBy(() -> new Announcement("cost_anomaly", "", "t", BODY, AT)).hasMessageContaining("subject");
    assertThatThrownBy(() -> new Announcement("cost_anomaly", "s".repeat(301), "t", BODY, AT)).hasMessageContaining("300");
    assertThatThrownBy(() -> new Announcement("cost_anomaly", "s", " ", BODY, AT)).hasMessageContaining("text");
    assertThatThrownBy(() -> new Announcement("cost_anomaly", "s", "t", "{\"event\":\"budget\"}", AT))
        .hasMessageContaining("naming its event");
    assertThatThrownBy(() -> new Announcement("cost_anomaly", "s", "t", BODY, null)).hasMessageContaining("time");
  }

  @Test
  void aLongTextIsShortenedToWhatTheStoreHolds() {
    Announcement a = new Announcement("cost_anomaly", "s", "x".repeat(5_000), BODY, AT);
    assertThat(a.text()).hasSize(Announcement.MAX_TEXT).endsWith("…");
  }
}
