package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.capture.logs.ImportProgress.Counters;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The import progress bar: its text from the counters, and how often it is drawn. */
class ProgressLineTest {

  @Test
  void showsFilesDoneOfTotalSpeedAndRecords() {
    // 10 of 40 files, 35 MB in 2 s, 10,234 records: a quarter of the bar
    String line = ProgressLine.format(new Counters(10, 40, 35_000_000, 10_234), 2_000_000_000L);

    assertThat(line).isEqualTo("[######..................]  10/40 files  17.5 MB/s  10,234 records");
  }

  @Test
  void fullWhenDoneOrWhenThereIsNothingAndNoSpeedBeforeTimeHasPassed() {
    assertThat(ProgressLine.format(new Counters(3, 3, 0, 0), 0))
        .isEqualTo("[########################]  3/3 files  -- MB/s  0 records");
    assertThat(ProgressLine.format(new Counters(0, 0, 0, 0), 5_000_000_000L))
        .isEqualTo("[########################]  0/0 files  0.0 MB/s  0 records");
    assertThat(ProgressLine.format(new Counters(1_234, 2_000, 1_500_000_000, 1_000_000), 1_000_000_000L))
        .startsWith("[##############..........]  1,234/2,000 files  1500.0 MB/s  1,000,000 records");
  }

  @Test
  void drawsAtMostTenTimesASecondAndTheLastStateAlwaysThenClearsTheLine() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    StringWriter err = new StringWriter();
    TerminalProgress progress = new TerminalProgress(new PrintWriter(err, true), now::get);

    progress.update(new Counters(0, 4, 0, 0)); // drawn: the first one
    now.addAndGet(50_000_000L);
    progress.update(new Counters(1, 4, 1_000, 5)); // 50 ms later: skipped
    now.addAndGet(60_000_000L);
    progress.update(new Counters(2, 4, 2_000, 9)); // 110 ms after the first: drawn
    now.addAndGet(1_000_000L);
    progress.update(new Counters(4, 4, 3_000, 12)); // all done: drawn whatever the time
    String drawn = err.toString();
    TerminalProgress.clear(progress);
    String cleared = err.toString().substring(drawn.length());

    assertThat(drawn.split("\r", -1)).hasSize(4); // "" then three drawings
    assertThat(drawn).contains("0/4 files").doesNotContain("1/4 files").contains("2/4 files").contains("4/4 files  ");
    assertThat(cleared).matches("\r +\r");
    assertThat(cleared.length() - 2).isEqualTo(ProgressLine.format(new Counters(4, 4, 3_000, 12), 111_000_000L).length());
  }
}
