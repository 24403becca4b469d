package dev.cto.costs.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AnalyticsScopeTest {

  private static final Clock DEC_4 = Clock.fixed(Instant.parse("2026-12-04T23:30:00Z"), ZoneOffset.UTC);

  @Test
  void withoutDatesItCoversTheLast90DaysTodayIncluded() {
    AnalyticsScope s = AnalyticsScope.parse(null, null, null, null, DEC_4);
    assertThat(s.to()).isEqualTo(LocalDate.of(2026, 12, 4));
    assertThat(s.from()).isEqualTo(LocalDate.of(2026, 9, 6));
    assertThat(s.days()).isEqualTo(90);
    assertThat(s.end()).isEqualTo(Instant.parse("2026-12-05T00:00:00Z"));
  }

  @Test
  void bothDaysAreInclusiveAndTheFilterIsDayAligned() {
    AnalyticsScope s = AnalyticsScope.parse("2026-11-01", "2026-11-30", "5dlabs/cto", "rex", DEC_4);
    assertThat(s.days()).isEqualTo(30);
    var f = s.filter();
    assertThat(f.from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(f.until()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(f.repository()).isEqualTo("5dlabs/cto");
    assertThat(f.agent()).isEqualTo("rex");
  }

  @Test
  void badInputNamesTheParameter() {
    assertThatThrownBy(() -> AnalyticsScope.parse("2026-13-01", null, null, null, DEC_4))
        .hasMessageStartingWith("since: '2026-13-01' is not a day");
    assertThatThrownBy(() -> AnalyticsScope.parse("2026-11-02", "2026-11-01", null, null, DEC_4))
        .hasMessageStartingWith("until: 2026-11-01 is before since 2026-11-02");
    assertThatThrownBy(() -> AnalyticsScope.parse("2000-01-01", "2026-11-01", null, null, DEC_4))
        .hasMessageContaining("spans more than");
    assertThatThrownBy(() -> AnalyticsScope.parse(null, null, " ", null, DEC_4)).hasMessage("repo: is blank");
  }

  @Test
  void anEmptyRepositorySelectsWorkWithoutOne() {
    assertThat(AnalyticsScope.parse(null, null, "", null, DEC_4).filter().repository()).isEmpty();
  }
}
