package io.healer.core.config;

import io.healer.api.config.Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * One entry of {@code healthcheck.master} or {@code healthcheck.worker}: a check type, how long a
 * node must fail it before it is repaired, and the check's own params.
 *
 * @param type the check's type, such as {@code NodeCondition}
 * @param unhealthyDuration the {@code unhealthy-duration} param, read by the engine for every check
 * @param params the remaining params, handed to the check's factory
 */
public record CheckConfig(String type, Duration unhealthyDuration, Settings params) {

  /** The Go healer's default {@code unhealthy-duration}. */
  public static final Duration DEFAULT_UNHEALTHY_DURATION = Duration.ofSeconds(300);

  /** The param the engine reads itself. */
  public static final String UNHEALTHY_DURATION_KEY = "unhealthy-duration";

  /** Validates the components. */
  public CheckConfig {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(unhealthyDuration, "unhealthyDuration");
    Objects.requireNonNull(params, "params");
    if (unhealthyDuration.isNegative()) {
      throw new IllegalArgumentException("unhealthy-duration must not be negative: " + unhealthyDuration);
    }
  }

  /** A check of the given type with the default unhealthy-duration and no params. */
  public static CheckConfig of(String type) {
    return new CheckConfig(type, DEFAULT_UNHEALTHY_DURATION, Settings.empty());
  }
}
