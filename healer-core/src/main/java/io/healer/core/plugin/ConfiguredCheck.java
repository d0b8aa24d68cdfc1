package io.healer.core.plugin;

import io.healer.api.API;
import io.healer.api.check.HealthCheck;
import java.time.Duration;
import java.util.Objects;

/**
 * A health check created from one entry of {@code healthcheck.master/worker}, ready to run. Its
 * identity ({@link io.healer.api.check.CheckId}) follows from its place in the role's list, its
 * type and its name, and is given by the engine.
 *
 * @param type the check's type as configured, such as {@code NodeCondition}
 * @param name the check's {@code name} param, or {@code null} when it has none
 * @param unhealthyDuration how long a node must fail it before it is a repair candidate
 * @param check the check itself
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public record ConfiguredCheck(String type, String name, Duration unhealthyDuration, HealthCheck check) {

  /**
   * Validates the components.
   *
   * @param type the type, not {@code null}
   * @param name the name, or {@code null}
   * @param unhealthyDuration the duration, not {@code null}
   * @param check the check, not {@code null}
   */
  public ConfiguredCheck {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(unhealthyDuration, "unhealthyDuration");
    Objects.requireNonNull(check, "check");
  }

  /**
   * A check without a name.
   *
   * @param type the check's type as configured, not {@code null}
   * @param unhealthyDuration how long a node must fail it before it is a repair candidate, not
   *     {@code null}
   * @param check the check itself, not {@code null}
   */
  public ConfiguredCheck(String type, Duration unhealthyDuration, HealthCheck check) {
    this(type, null, unhealthyDuration, check);
  }
}
