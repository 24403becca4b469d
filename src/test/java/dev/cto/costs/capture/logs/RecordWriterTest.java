package dev.cto.costs.capture.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The writer hands a group to an idle store at once, gathers groups while the store is busy, and
 * sends each batch in time order.
 */
class RecordWriterTest {

  /** A store whose commits finish when the test says so, and at once from then on. */
  static final class SlowStore implements UsageSink {
    final List<List<UsageRecord>> batches = new ArrayList<>();
    final List<CompletableFuture<Written>> commits = new ArrayList<>();
    boolean released;

    @Override
    public Written write(List<UsageRecord> records) {
      throw new UnsupportedOperationException("the writer submits");
    }

    @Override
    public CompletableFuture<Written> submit(List<UsageRecord> records) {
      batches.add(List.copyOf(records));
      CompletableFuture<Written> commit = new CompletableFuture<>();
      commits.add(commit);
      if (released) {
        commit.complete(DONE);
      }
      return commit;
    }

    /** Finishes the running commits and every later one at once. */
    void release() {
      released = true;
      commits.forEach(c -> c.complete(DONE));
    }

    void commitRunning() {
      commits.forEach(c -> c.complete(DONE));
    }

    private static final Written DONE = new Written(0, 0, dev.cto.costs.domain.Usd.ZERO, 0);
  }

  final SlowStore store = new SlowStore();
  final RecordWriter writer = new RecordWriter(new Attributor(AttributionFields.NONE, List.of()), store);

  @Test
  void anIdleStoreGetsAGroupAtOnceAndABusyOneAFullerBatchLater() {
    writer.write(calls("a", 3, 100));
    assertThat(store.batches).hasSize(1); // nothing was being written: no waiting for a full batch

    writer.write(calls("b", 2, 200));
    writer.write(calls("c", 4, 300));
    assertThat(store.batches).hasSize(1); // the first commit is still running: groups gather

    store.commitRunning();
    writer.write(calls("d", 1, 400));
    assertThat(store.batches).hasSize(2);
    assertThat(store.batches.get(1)).extracting(UsageRecord::id)
        .containsExactlyInAnyOrder("b0", "b1", "c0", "c1", "c2", "c3", "d0");

    store.release();
    writer.finish();
    assertThat(writer.records()).isEqualTo(10);
  }

  @Test
  void aBatchGoesOutInTimeOrderWhateverGroupsItSpans() {
    writer.write(calls("first", 1, 0)); // keeps the store busy, so the next groups gather
    writer.write(calls("late", 3, 500));
    writer.write(calls("early", 3, 100));
    store.release();

    writer.finish();

    List<Instant> times = store.batches.get(1).stream().map(UsageRecord::timestamp).toList();
    assertThat(times).hasSize(6).isSorted();
  }

  private static List<LogCall> calls(String prefix, int count, int startSecond) {
    SessionContext context = new SessionContext("claude-code", "s-1", "/w", "main", "-w");
    return IntStream.range(0, count)
        .mapToObj(i -> new LogCall(prefix + i, "claude-sonnet-4-5", Instant.ofEpochSecond(1_800_000_000L + startSecond - i),
            new TokenCounts(1, 1, 0, 0, 0), "req_" + prefix + i, context))
        .toList();
  }
}
