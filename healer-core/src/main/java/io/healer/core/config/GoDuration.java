package io.healer.core.config;

import io.healer.api.API;
import java.time.Duration;

/**
 * Durations as config.yaml writes them ({@code 30s}, {@code 1m}, {@code 1h30m}, {@code 500ms}), not
 * as {@link Duration#toString()} does ({@code PT30S}), for messages an operator compares with the file.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class GoDuration {

  private GoDuration() {}

  /**
   * The duration in Go's form.
   *
   * @param d the duration, not {@code null}
   * @return such as {@code 1h30m}; {@code 0s} for zero
   */
  public static String format(Duration d) {
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder s = new StringBuilder();
    if (d.toHours() > 0) {
      s.append(d.toHours()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      s.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0) {
      s.append(d.toSecondsPart()).append('s');
    }
    if (d.toMillisPart() > 0) {
      s.append(d.toMillisPart()).append("ms");
    }
    return s.length() == 0 ? d.toString() : s.toString();
  }
}
