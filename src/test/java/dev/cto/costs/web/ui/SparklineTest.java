package dev.cto.costs.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.analytics.TrendsReport.Point;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SparklineTest {

  private static Point point(String day, String usd) {
    return new Point(LocalDate.parse(day), new BigDecimal(usd), 1, 1, 1);
  }

  @Test
  void theHighestPeriodTouchesTheTopAndAZeroPeriodTheBottom() {
    Sparkline s = Sparkline.of(List.of(point("2026-12-01", "2"), point("2026-12-02", "0"), point("2026-12-03", "4")), "day");
    assertThat(s.points()).isEqualTo("0.0,14.0 60.0,27.0 120.0,1.0");
    assertThat(s.label()).isEqualTo("Spend per day: $2.00 in the day of 2026-12-01, $4.00 in the day of 2026-12-03; highest $4.00 (2026-12-03)");
  }

  @Test
  void nothingSpentIsAFlatLineAtTheBottomAndOnePeriodAFlatLineToo() {
    assertThat(Sparkline.of(List.of(point("2026-12-01", "0"), point("2026-12-02", "0")), "day").points()).isEqualTo("0.0,27.0 120.0,27.0");
    assertThat(Sparkline.of(List.of(point("2026-12-01", "3")), "week").points()).isEqualTo("0.0,1.0 120.0,1.0");
    assertThat(Sparkline.of(List.of(), "week").points()).isEmpty();
  }
}
