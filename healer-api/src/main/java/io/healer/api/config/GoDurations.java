package io.healer.api.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written the way Go's {@code time.ParseDuration} reads them ({@code 300s},
 * {@code 5m}, {@code 1h30m}, {@code 1.5h}, {@code 500ms}), since config.yaml files of the Go healer
 * are accepted as they are. Unlike Go (which reads a bare {@code 300} as nanoseconds when decoding
 * YAML into a {@code time.Duration}), a number without a unit is refused.
 */
final class GoDurations {

  private static final Pattern WHOLE = Pattern.compile("([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|ms|s|m|h)");
  private static final Pattern PLAIN_NUMBER = Pattern.compile("[0-9]+(\\.[0-9]*)?");
  private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
      "ns", 1L,
      "us", 1_000L,
      "µs", 1_000L,
      "ms", 1_000_000L,
      "s", 1_000_000_000L,
      "m", 60_000_000_000L,
      "h", 3_600_000_000_000L);

  static final String ALLOWED = "a duration with a unit, such as 30s, 5m, 1h30m or 500ms";
  static final String NOT_NEGATIVE = "must be positive, such as 30s, 5m, 1h30m or 500ms";

  private GoDurations() {}

  /**
   * @return the duration, or {@code null} if the text is not a valid Go duration
   */
  static Duration parse(String text) {
    String s = text.strip();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty() || s.startsWith("-")) {
      return null;
    }
    if (s.startsWith("+")) {
      s = s.substring(1);
    }
    Matcher m = WHOLE.matcher(s);
    BigDecimal nanos = BigDecimal.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        return null;
      }
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(3)))));
      end = m.end();
    }
    if (end == 0 || end != s.length()) {
      return null;
    }
    return Duration.ofNanos(nanos.longValue());
  }

  /** Whether the text is a negative Go duration ({@code -30s}), which Go reads and healer refuses. */
  static boolean isNegative(String text) {
    String s = text.strip();
    return s.startsWith("-") && parse(s.substring(1)) != null;
  }

  /** What to suggest for a value that failed to parse: {@code "300s"} for {@code "300"}. */
  static String suggestion(String text) {
    String s = text.strip();
    return PLAIN_NUMBER.matcher(s).matches() ? " (did you mean " + s + "s?)" : "";
  }
}
