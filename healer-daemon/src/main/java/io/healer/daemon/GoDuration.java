package io.healer.daemon;

import java.time.Duration;

/** Durations as config.yaml writes them: {@code 30s}, {@code 1m}, {@code 1h30m}, {@code 500ms}. */
final class GoDuration {

  private GoDuration() {}

  static String format(Duration d) {
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
