package io.healer.api.check;

import io.healer.api.API;
import io.healer.api.config.ConfigException;
import io.healer.api.config.Settings;

/**
 * Creates {@link HealthCheck}s of one type from their config block. Factories are found with
 * {@link java.util.ServiceLoader}; register one with {@code @AutoService(HealthCheckFactory.class)}
 * (which writes {@code META-INF/services/io.healer.api.check.HealthCheckFactory}).
 *
 * <pre>{@code
 * @AutoService(HealthCheckFactory.class)
 * public final class KernelDeadlockCheckFactory implements HealthCheckFactory {
 *   public String type() { return "KernelDeadlock"; }
 *   public HealthCheck create(Settings settings) {
 *     settings.requireOnlyKeys(List.of());
 *     return new KernelDeadlockCheck();
 *   }
 * }
 * }</pre>
 *
 * <p>The engine reads the key {@code unhealthy-duration} of every check itself and removes it
 * before calling {@link #create}; factories never see it. {@code healer validate} judges a check's
 * params by calling {@link #create} (and closing the check), so {@code create} reports every
 * problem as a {@link ConfigException} and does no I/O beyond reading local files.
 *
 * <p>Implementations must have a public no-argument constructor and be thread-safe.
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface HealthCheckFactory {

  /**
   * The name of the check in config.yaml's {@code healthcheck.master/worker[].type}, such as
   * {@code NodeCondition}. Unique across all factories on the class path.
   *
   * @return the type, not blank
   */
  String type();

  /**
   * Creates a check from its {@code params} block.
   *
   * @param settings the check's params, never {@code null}
   * @return the check, never {@code null}
   * @throws ConfigException naming each key that is unknown or has a bad value
   */
  HealthCheck create(Settings settings);
}
