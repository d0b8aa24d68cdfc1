package io.healer.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import io.healer.core.config.GoDuration;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.helpers.MessageFormatter;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up logback from the command line: plain lines or one JSON object a line, at a level taken
 * from klog's {@code -v} (0–2 info, 3–4 debug, 5 and more trace) or {@code --log-level}. Logs go
 * to the given stream (standard error in the daemon), so that standard output carries only what a
 * command prints, such as {@code check --output json}.
 */
final class Logging {

  /** How log lines look. */
  enum Format {
    /** {@code 2026-01-01T00:00:00.000Z INFO  [main] io.healer.core.Healer - message}. */
    PLAIN,
    /** One JSON object a line; see {@link JsonLayout}. */
    JSON
  }

  private static final String PLAIN_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{36} - %goMsg%n";

  private Logging() {}

  /**
   * The level for klog's verbosity, unless a level is named.
   *
   * @param verbosity {@code -v}, or {@code null} when not given
   * @param levelName {@code --log-level}, or {@code null} when not given
   * @param fallback the level when neither is given
   */
  static Level level(Integer verbosity, String levelName, Level fallback) {
    if (levelName != null) {
      Level level = Level.toLevel(levelName.toUpperCase(Locale.ROOT), null);
      if (level == null) {
        throw new DaemonException("--log-level: value '" + levelName
            + "' is not allowed; one of error, warn, info, debug, trace");
      }
      return level;
    }
    if (verbosity == null) {
      return fallback;
    }
    return verbosity >= 5 ? Level.TRACE : verbosity >= 3 ? Level.DEBUG : Level.INFO;
  }

  /**
   * Replaces logback's configuration: one appender writing to {@code stream}.
   *
   * @param format plain or JSON
   * @param level the root level
   * @param stream where lines go; never closed by logging
   */
  static void configure(Format format, Level level, OutputStream stream) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      // Another slf4j provider was chosen (an embedder's); leave its configuration alone.
      return;
    }
    context.reset();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName(format.name().toLowerCase(Locale.ROOT));
    appender.setEncoder(encoder(format, context));
    appender.setOutputStream(new NotClosing(stream));
    appender.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level);
    root.addAppender(appender);
    // client-java's informers say "Start listing and watching..." at INFO each time they retry (each
    // second while the API server is away); healer's own WARN says what fails. Their lines at DEBUG.
    context.getLogger(INFORMERS).setLevel(level.isGreaterOrEqual(Level.INFO) ? Level.WARN : level);
    context.addTurboFilter(new QuietInformerStop());
  }

  /** The loggers of client-java's informers. */
  static final String INFORMERS = "io.kubernetes.client.informer";

  /**
   * Drops what client-java's informers log when their threads are interrupted: that is how healer
   * stops them (a normal stop), yet each informer logs it at ERROR with a stack trace
   * ("DefaultController#processLoop get interrupted", "processor interrupted").
   */
  static final class QuietInformerStop extends ch.qos.logback.classic.turbo.TurboFilter {
    @Override
    public ch.qos.logback.core.spi.FilterReply decide(org.slf4j.Marker marker, ch.qos.logback.classic.Logger logger,
        Level level, String format, Object[] params, Throwable t) {
      if (logger == null || !logger.getName().startsWith(INFORMERS)) {
        return ch.qos.logback.core.spi.FilterReply.NEUTRAL;
      }
      Object last = params == null || params.length == 0 ? null : params[params.length - 1];
      boolean interrupted = t instanceof InterruptedException || last instanceof InterruptedException;
      return interrupted ? ch.qos.logback.core.spi.FilterReply.DENY : ch.qos.logback.core.spi.FilterReply.NEUTRAL;
    }
  }

  private static Encoder<ILoggingEvent> encoder(Format format, LoggerContext context) {
    if (format == Format.JSON) {
      LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
      JsonLayout layout = new JsonLayout();
      layout.setContext(context);
      layout.start();
      encoder.setLayout(layout);
      encoder.setContext(context);
      encoder.start();
      return encoder;
    }
    Map<String, Supplier<DynamicConverter<?>>> rules = new HashMap<>();
    rules.put("goMsg", GoDurationMessage::new);
    context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setPattern(PLAIN_PATTERN);
    encoder.setContext(context);
    encoder.start();
    return encoder;
  }

  /**
   * The message, with each {@link Duration} argument as config.yaml writes it ({@code 30s}, {@code
   * 1m30s}) instead of Java's {@code PT30S}: the log speaks the config's language, whichever module
   * logged it.
   */
  static String message(ILoggingEvent event) {
    Object[] args = event.getArgumentArray();
    if (args == null || Arrays.stream(args).noneMatch(a -> a instanceof Duration)) {
      return event.getFormattedMessage();
    }
    Object[] go = Arrays.stream(args).map(a -> a instanceof Duration d ? GoDuration.format(d) : a).toArray();
    return MessageFormatter.basicArrayFormat(event.getMessage(), go);
  }

  /** {@code %goMsg}: {@link #message(ILoggingEvent)} in the plain pattern. */
  static final class GoDurationMessage extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
      return message(event);
    }
  }

  /** Logback closes its stream when reconfigured; standard error must outlive that. */
  private static final class NotClosing extends FilterOutputStream {
    NotClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
