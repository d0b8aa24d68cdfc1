package io.healer.core.config;

import io.healer.api.API;
import java.util.Objects;

/**
 * The storm guard's limit for one role: how many of its nodes may be unhealthy at once for healer
 * to still repair them. Above it, something cluster-wide is wrong (a network partition, an API
 * outage) and repairing machines would make things worse.
 *
 * <p>Written as a count ({@code 2}) or a percentage of the role's nodes ({@code 40%}); a percentage
 * is rounded up and never allows fewer than one node.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public final class UnhealthyLimit {

  /** The default: 40% of the role's nodes, rounded up, at least one. */
  public static final UnhealthyLimit DEFAULT = percent(40);

  private final int value;
  private final boolean percent;

  private UnhealthyLimit(int value, boolean percent) {
    this.value = value;
    this.percent = percent;
  }

  /**
   * At most {@code count} unhealthy nodes.
   *
   * @param count the number of unhealthy nodes allowed, 0 or more
   * @return the limit
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public static UnhealthyLimit count(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("a count of unhealthy nodes must be 0 or more, was " + count);
    }
    return new UnhealthyLimit(count, false);
  }

  /**
   * At most {@code percent}% of the role's nodes, rounded up, at least one.
   *
   * @param percent the percentage, from 0 to 100
   * @return the limit
   * @throws IllegalArgumentException if {@code percent} is outside 0 to 100
   */
  public static UnhealthyLimit percent(int percent) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("a percentage must be from 0 to 100, was " + percent);
    }
    return new UnhealthyLimit(percent, true);
  }

  /**
   * Parses {@code 3} or {@code 40%}.
   *
   * @param text the text as written in config.yaml, not {@code null}; spaces around it are ignored
   * @return the limit, or {@code null} if the text is neither
   */
  public static UnhealthyLimit parse(String text) {
    String s = text.strip();
    try {
      if (s.endsWith("%")) {
        int p = Integer.parseInt(s.substring(0, s.length() - 1).strip());
        return p >= 0 && p <= 100 ? percent(p) : null;
      }
      int c = Integer.parseInt(s);
      return c >= 0 ? count(c) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * How many nodes may be unhealthy out of {@code total} for repairs to go on.
   *
   * @param total the number of nodes of the role
   * @return the limit
   */
  public int allowed(int total) {
    if (!percent) {
      return value;
    }
    int rounded = (int) Math.ceil(total * value / 100.0);
    return Math.max(1, rounded);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnhealthyLimit l && value == l.value && percent == l.percent;
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, percent);
  }

  @Override
  public String toString() {
    return percent ? value + "%" : String.valueOf(value);
  }
}
