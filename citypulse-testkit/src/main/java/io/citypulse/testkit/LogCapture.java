package io.citypulse.testkit;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Records log events (with stack traces) while open: every level of one logger and its children
 * ({@link #of}), or everything that reaches the root logger at its configured levels, as the
 * console sees it ({@link #root}).
 */
public final class LogCapture implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
  private final AbstractAppender appender;
  private final String loggerName;

  private LogCapture(String loggerName) {
    this.loggerName = loggerName;
    appender =
        new AbstractAppender(
            "capture-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            StringBuilder line = new StringBuilder(event.getLevel() + " " + event.getLoggerName()
                + " " + event.getMessage().getFormattedMessage());
            if (event.getThrown() != null) {
              StringWriter trace = new StringWriter();
              event.getThrown().printStackTrace(new PrintWriter(trace));
              line.append('\n').append(trace);
            }
            lines.add(line.toString());
          }
        };
    appender.start();
    Configuration config = context.getConfiguration();
    if (loggerName == null) {
      config.getRootLogger().addAppender(appender, Level.ALL, null);
    } else {
      LoggerConfig logger = new LoggerConfig(loggerName, Level.ALL, false);
      logger.addAppender(appender, Level.ALL, null);
      config.addLogger(loggerName, logger);
    }
    context.updateLoggers();
  }

  /** Every event of {@code loggerName} and its children, all levels. */
  public static LogCapture of(String loggerName) {
    return new LogCapture(loggerName);
  }

  /** Every event that reaches the root logger (any logger, at its configured level). */
  public static LogCapture root() {
    return new LogCapture(null);
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  public String text() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    if (loggerName == null) {
      context.getConfiguration().getRootLogger().removeAppender(appender.getName());
    } else {
      context.getConfiguration().removeLogger(loggerName);
    }
    context.updateLoggers();
    appender.stop();
  }
}
