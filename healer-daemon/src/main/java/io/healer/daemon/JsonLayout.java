package io.healer.daemon;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON object a line, with the keys log collectors look for: {@code time} (RFC 3339, UTC),
 * {@code level}, {@code logger}, {@code thread}, {@code msg}, and {@code error} with the stack trace
 * when there is one. Chosen over logback's own {@code JsonEncoder}, whose lines carry the logger
 * context, sequence numbers and nanoseconds that nobody queries.
 */
final class JsonLayout extends LayoutBase<ILoggingEvent> {

  @Override
  public String doLayout(ILoggingEvent event) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    line.put("level", event.getLevel().toString());
    line.put("logger", event.getLoggerName());
    line.put("thread", event.getThreadName());
    line.put("msg", Logging.message(event));
    IThrowableProxy error = event.getThrowableProxy();
    if (error != null) {
      line.put("error", ThrowableProxyUtil.asString(error));
    }
    return Json.write(line) + CoreConstants.LINE_SEPARATOR;
  }
}
