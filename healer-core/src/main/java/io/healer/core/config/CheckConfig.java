package io.healer.core.config;

import io.healer.api.API;
import io.healer.api.config.Settings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code healthcheck.master} or {@code healthcheck.worker}: a check type, how long a
 * node must fail it before it is repaired, an optional name, and the check's own params.
 *
 * @param type the check's type, such as {@code NodeCondition}
 * @param unhealthyDuration the {@code unhealthy-duration} param, read by the engine for every check
 * @param name the {@code name} param, read by the engine for every check, or {@code null} when the
 *     check has none; shown in events and metrics instead of the type (see {@link CheckNames})
 * @param params the remaining params, handed to the check's factory
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public record CheckConfig(String type, Duration unhealthyDuration, String name, Settings params) {

  /** The Go healer's default {@code unhealthy-duration}. */
  public static final Duration DEFAULT_UNHEALTHY_DURATION = Duration.ofSeconds(300);

  /** The param the engine reads itself. */
  public static final String UNHEALTHY_DURATION_KEY = "unhealthy-duration";

  /** The param that names a check; the engine reads it itself. */
  public static final String NAME_KEY = "name";

  /**
   * Validates the components.
   *
   * @param type the check's type, not {@code null}
   * @param unhealthyDuration the duration, not {@code null}, zero or more
   * @param name the name, not blank; or {@code null} for none
   * @param params the remaining params, not {@code null}
   */
  public CheckConfig {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(unhealthyDuration, "unhealthyDuration");
    Objects.requireNonNull(params, "params");
    if (unhealthyDuration.isNegative()) {
      throw new IllegalArgumentException("unhealthy-duration must not be negative: " + unhealthyDuration);
    }
    if (name != null && name.isBlank()) {
      throw new IllegalArgumentException("a check's name must not be blank");
    }
  }

  /**
   * A check without a name.
   *
   * @param type the check's type, not {@code null}
   * @param unhealthyDuration how long a node must fail the check before it is repaired, not
   *     {@code null}, zero or more
   * @param params the check's own params, not {@code null}
   */
  public CheckConfig(String type, Duration unhealthyDuration, Settings params) {
    this(type, unhealthyDuration, null, params);
  }

  /**
   * A check of the given type with the default unhealthy-duration, no name and no params.
   *
   * @param type the check's type, such as {@code NodeCondition}; not {@code null}
   * @return the check config
   */
  public static CheckConfig of(String type) {
    return new CheckConfig(type, DEFAULT_UNHEALTHY_DURATION, Settings.empty());
  }

  /**
   * This check with the given name ({@code null} for none).
   *
   * @param newName the name, not blank; or {@code null} for none
   * @return a copy with the name replaced and every other part kept
   */
  public CheckConfig withName(String newName) {
    return new CheckConfig(type, unhealthyDuration, newName, params);
  }

  /**
   * The name, if the check has one.
   *
   * @return the name, or empty
   */
  public Optional<String> optionalName() {
    return Optional.ofNullable(name);
  }
}
