package dev.cto.costs.capture.proxy;

import dev.cto.costs.collect.ParsedBatch;
import dev.cto.costs.collect.UsageRecordJson;
import dev.cto.costs.collect.UsageRecordReader;
import dev.cto.costs.domain.UsageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the collector could not take (store down, queue full) wait here, one NDJSON line each,
 * appended and fsynced, until {@link #replay} gets them committed. Replaying twice is harmless:
 * record ids are idempotent. Holds nothing in memory.
 */
public final class UsageSpool {

  private static final Logger LOG = LoggerFactory.getLogger(UsageSpool.class);

  private final Path file;
  private final UsageRecordReader reader = new UsageRecordReader(Clock.systemUTC());

  public UsageSpool(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  synchronized void append(UsageRecord record) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND)) {
        channel.write(java.nio.ByteBuffer.wrap(UsageRecordJson.line(record)));
        channel.force(false);
      }
    } catch (IOException e) {
      // the last resort failed too: say so loudly, with the tokens, so an operator can recover them
      LOG.error("cannot spool usage record {} to {}: {}; lost unless re-sent: {}", record.id(), file, e.getMessage(), record);
    }
  }

  /** Records waiting in the spool, for metrics and tests. */
  public synchronized long pending() {
    if (!Files.exists(file)) {
      return 0;
    }
    try (var lines = Files.lines(file)) {
      return lines.filter(l -> !l.isBlank()).count();
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Sends everything spooled to the collector and empties the spool once it committed. On
   * failure everything stays for the next attempt.
   *
   * @return how many records were committed (new or already stored)
   */
  public synchronized int replay(ProxyRecorder.RecordSubmitter collector) {
    if (!Files.exists(file)) {
      return 0;
    }
    try {
      ParsedBatch batch;
      try (InputStream in = Files.newInputStream(file)) {
        batch = reader.readNdjson(in, "proxy");
      }
      if (!batch.errors().isEmpty()) {
        LOG.warn("spool {} has {} unreadable lines; they stay in {}.bad", file, batch.errors().size(), file);
      }
      List<UsageRecord> records = batch.records();
      if (!records.isEmpty()) {
        collector.submit(records).get(60, TimeUnit.SECONDS);
      }
      if (!batch.errors().isEmpty()) {
        Files.move(file, file.resolveSibling(file.getFileName() + ".bad"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.delete(file);
      }
      if (!records.isEmpty()) {
        LOG.info("replayed {} spooled usage records", records.size());
      }
      return records.size();
    } catch (Exception e) {
      return 0; // still failing: the records stay and the next attempt tries again
    }
  }
}
