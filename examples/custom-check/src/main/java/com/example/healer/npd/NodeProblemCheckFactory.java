package com.example.healer.npd;

import com.google.auto.service.AutoService;
import io.healer.api.check.HealthCheck;
import io.healer.api.check.HealthCheckFactory;
import io.healer.api.config.ConfigException;
import io.healer.api.config.ConfigProblem;
import io.healer.api.config.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Creates the {@code NodeProblem} check from its params:
 *
 * <ul>
 *   <li>{@code conditions} (default {@code [KernelDeadlock, ReadonlyFilesystem]}): the
 *       node-problem-detector conditions that make a node unhealthy when {@code True}.
 *   <li>{@code max-lease-age} (no default: off): a node whose kubelet has not renewed its Lease for
 *       longer is unhealthy, such as {@code 40s} (Kubernetes' own node-monitor-grace-period).
 * </ul>
 *
 * <pre>{@code
 * healthcheck:
 *   worker:
 *     - type: NodeProblem
 *       params:
 *         unhealthy-duration: 5m
 *         conditions: [KernelDeadlock, ReadonlyFilesystem]
 *         max-lease-age: 40s
 * }</pre>
 *
 * <p>Thread-safe; found by {@link java.util.ServiceLoader} through {@code @AutoService}.
 */
@AutoService(HealthCheckFactory.class)
public final class NodeProblemCheckFactory implements HealthCheckFactory {

  static final List<String> DEFAULT_CONDITIONS = List.of("KernelDeadlock", "ReadonlyFilesystem");
  private static final List<String> KEYS = List.of("conditions", "max-lease-age");

  /** Called by {@link java.util.ServiceLoader}. */
  public NodeProblemCheckFactory() {}

  @Override
  public String type() {
    return "NodeProblem";
  }

  @Override
  public HealthCheck create(Settings settings) {
    List<ConfigProblem> problems = new ArrayList<>();
    read(() -> { settings.requireOnlyKeys(KEYS); return null; }, null, problems);
    List<String> conditions = read(() -> settings.stringList("conditions", DEFAULT_CONDITIONS),
        DEFAULT_CONDITIONS, problems);
    Duration maxLeaseAge = read(() -> settings.duration("max-lease-age", null), null, problems);
    if (maxLeaseAge != null && (maxLeaseAge.isZero() || maxLeaseAge.isNegative())) {
      problems.addAll(settings.problem("max-lease-age", settings.raw("max-lease-age").orElse(null),
          "a duration above zero, such as 40s").problems());
    }
    if (conditions.isEmpty() && maxLeaseAge == null && !settings.has("max-lease-age")) {
      problems.addAll(settings.problem("conditions", conditions,
          "at least one condition, unless max-lease-age is set (else every node passes)").problems());
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems); // every problem at once: the operator fixes them in one go
    }
    return new NodeProblemCheck(conditions, maxLeaseAge);
  }

  /** The value read, or the fallback with the problems noted. */
  private static <T> T read(Supplier<T> reader, T fallback, List<ConfigProblem> problems) {
    try {
      return reader.get();
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      return fallback;
    }
  }
}
