package dev.cto.costs.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PricingCatalogTest {

  private static ModelPrice price(String model, String from, String input, String... aliases) {
    return new ModelPrice(
        model, "anthropic", List.of(aliases), from == null ? null : LocalDate.parse(from),
        TokenRates.of(input, "15"), null);
  }

  @Test
  void findsModelsByNameAndAliasIgnoringCaseAndProviderPrefix() {
    PricingCatalog catalog =
        new PricingCatalog(List.of(price("claude-sonnet", null, "3", "claude-3-7-sonnet-20250219")));
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    assertThat(catalog.priceFor("claude-sonnet", now)).isPresent();
    assertThat(catalog.priceFor("Claude-3-7-Sonnet-20250219", now)).isPresent();
    assertThat(catalog.priceFor("anthropic/claude-sonnet", now)).isPresent();
    assertThat(catalog.priceFor("claude-sonnet-9", now)).isEmpty();
    assertThat(catalog.priceFor(null, now)).isEmpty();
  }

  @Test
  void priceHistoryAppliesTheEntryInForceOnTheRecordsUtcDay() {
    PricingCatalog catalog =
        new PricingCatalog(
            List.of(price("m", "2026-03-01", "5"), price("m", null, "3"), price("m", "2026-06-01", "1")));

    assertThat(input(catalog, "2026-02-28T23:59:59Z")).isEqualTo("3");
    assertThat(input(catalog, "2026-03-01T00:00:00Z")).isEqualTo("5");
    assertThat(input(catalog, "2026-05-31T23:59:59Z")).isEqualTo("5");
    assertThat(input(catalog, "2026-06-01T00:00:00Z")).isEqualTo("1");
  }

  @Test
  void anAliasListedOnOneDatedEntryFollowsTheModelsWholeHistory() {
    PricingCatalog catalog = new PricingCatalog(List.of(price("m", null, "3", "m-2025"), price("m", "2026-03-01", "5")));

    assertThat(catalog.priceFor("m-2025", Instant.parse("2026-04-01T00:00:00Z")).orElseThrow().rates().input().toPlainString())
        .isEqualTo("5");
    assertThat(catalog.priceFor("m-2025", Instant.parse("2026-01-01T00:00:00Z")).orElseThrow().rates().input().toPlainString())
        .isEqualTo("3");
  }

  @Test
  void theOldestDatedEntryAlsoCoversEarlierRecords() {
    PricingCatalog catalog = new PricingCatalog(List.of(price("m", "2026-03-01", "5")));

    assertThat(input(catalog, "2025-01-01T00:00:00Z")).isEqualTo("5");
  }

  @Test
  void rejectsANameClaimedByTwoModelsAndTwoPricesForOneDate() {
    assertThatThrownBy(
            () -> new PricingCatalog(List.of(price("a", null, "1", "x"), price("b", null, "1", "x"))))
        .hasMessageContaining("'x' is claimed by both 'a' and 'b'");
    assertThatThrownBy(() -> new PricingCatalog(List.of(price("a", null, "1"), price("a", null, "2"))))
        .hasMessageContaining("two prices");
  }

  private static String input(PricingCatalog catalog, String at) {
    return catalog.priceFor("m", Instant.parse(at)).orElseThrow().rates().input().toPlainString();
  }
}
