package dev.cto.costs.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.domain.Announcement;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Announcing anomalies on generated data in a SQLite file: the look-back, once only, the documents. */
class AnomalyAnnouncerTest {

  @TempDir Path dir;

  /** The day after the generated history, at noon. */
  private static final Clock NEXT_DAY = Clock.fixed(AnomalyData.LAST.plusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC),
      ZoneOffset.UTC);

  private static Set<String> dates(List<Announcement> announced) throws Exception {
    ObjectMapper json = new ObjectMapper();
    Set<String> dates = new java.util.TreeSet<>();
    for (Announcement a : announced) {
      dates.add(json.readTree(a.body()).get("date").asText());
    }
    return dates;
  }

  @Test
  void announcesTheLookBacksAnomaliesOnceAndOlderOnesOnlyWhenTheLookBackReachesThem() throws Exception {
    AnomalyData data = AnomalyData.generate(7);
    Set<AnomalyData.Planted> planted = data.planted();
    try (JdbcStore store = JdbcStore.openSqlite(dir.resolve("costs.db"))) {
      store.insert(data.records());
      AnomalyAnnouncer announcer = new AnomalyAnnouncer(new AnomalyService(store), store, NEXT_DAY);

      List<Announcement> week = announcer.announceNew(7);
      LocalDate firstDay = AnomalyData.LAST.plusDays(1).minusDays(6);
      assertThat(week).isNotEmpty();
      assertThat(dates(week)).allMatch(d -> !LocalDate.parse(d).isBefore(firstDay));
      assertThat(announcer.announceNew(7)).as("a second look announces nothing again").isEmpty();

      List<Announcement> quarter = announcer.announceNew(91); // from AnomalyData.SCOPE_FROM
      assertThat(quarter).as("the older ones, not the week's again").isNotEmpty()
          .noneMatch(a -> week.stream().anyMatch(w -> w.subject().equals(a.subject())));
      assertThat(dates(quarter)).anyMatch(d -> LocalDate.parse(d).isBefore(firstDay));

      // every planted case (all lie in those 91 days) is among what was announced
      Set<String> subjects = new java.util.HashSet<>();
      week.forEach(a -> subjects.add(a.subject()));
      quarter.forEach(a -> subjects.add(a.subject()));
      assertThat(planted.stream().map(p -> p.kind() + ":" + p.subject()).collect(Collectors.toSet())).isSubsetOf(subjects);

      JsonNode doc = new ObjectMapper().readTree(week.get(0).body());
      assertThat(doc.get("event").asText()).isEqualTo("cost_anomaly");
      assertThat(week.get(0).subject()).startsWith(doc.get("kind").asText() + ":");
      assertThat(week.get(0).text()).startsWith("Cost anomaly (").contains(doc.get("explanation").asText());
    }
    try (JdbcStore reopened = JdbcStore.openSqlite(dir.resolve("costs.db"))) {
      assertThat(new AnomalyAnnouncer(new AnomalyService(reopened), reopened, NEXT_DAY).announceNew(90))
          .as("a restart announces nothing again").isEmpty();
    }
  }
}
