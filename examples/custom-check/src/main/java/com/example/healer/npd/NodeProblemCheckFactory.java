package com.example.healer.npd;

import com.google.auto.service.AutoService;
import io.healer.api.check.HealthCheck;
import io.healer.api.check.HealthCheckFactory;
import io.healer.api.config.ConfigProblems;
import io.healer.api.config.Settings;
import java.time.Duration;
import java.util.List;

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
    // Every problem at once, so the operator fixes them in one go.
    ConfigProblems problems = new ConfigProblems();
    problems.check(() -> settings.requireOnlyKeys(KEYS));
    List<String> conditions = problems.read(() -> settings.stringList("conditions", DEFAULT_CONDITIONS),
        DEFAULT_CONDITIONS);
    Duration maxLeaseAge = problems.read(() -> settings.duration("max-lease-age", null), null);
    if (maxLeaseAge != null && (maxLeaseAge.isZero() || maxLeaseAge.isNegative())) {
      problems.add(settings.problem("max-lease-age", settings.raw("max-lease-age").orElse(null),
          "a duration above zero, such as 40s"));
    }
    if (conditions.isEmpty() && maxLeaseAge == null && !settings.has("max-lease-age")) {
      problems.add(settings.problem("conditions", conditions,
          "at least one condition, unless max-lease-age is set (else every node passes)"));
    }
    problems.throwIfAny();
    return new NodeProblemCheck(conditions, maxLeaseAge);
  }
}
