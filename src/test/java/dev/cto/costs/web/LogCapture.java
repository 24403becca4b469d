package dev.cto.costs.web;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every event logged (at the configured levels) while it is open, from any logger. */
public final class LogCapture implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private final Logger ours = (Logger) LoggerFactory.getLogger("dev.cto");
  private final ch.qos.logback.classic.Level restore = ours.getLevel();

  public LogCapture() {
    this(null);
  }

  private LogCapture(ch.qos.logback.classic.Level level) {
    if (level != null) {
      ours.setLevel(level);
    }
    appender.start();
    root.addAppender(appender);
  }

  /** Every event of this project's loggers at every level, debug and trace included, while it is open. */
  public static LogCapture everything() {
    return new LogCapture(ch.qos.logback.classic.Level.ALL);
  }

  /** Every event's formatted message, with its throwable's text. */
  public String text() {
    StringBuilder b = new StringBuilder();
    for (ILoggingEvent e : events()) {
      b.append(e.getFormattedMessage()).append('\n');
      if (e.getThrowableProxy() != null) {
        b.append(e.getThrowableProxy().getMessage()).append('\n');
      }
    }
    return b.toString();
  }

  public List<ILoggingEvent> events() {
    synchronized (appender) { // AppenderBase appends under this lock
      return List.copyOf(appender.list);
    }
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
    ours.setLevel(restore);
  }
}
