package io.healer.checks.standard;

import com.google.auto.service.AutoService;
import io.healer.api.API;
import io.healer.api.check.HealthCheck;
import io.healer.api.check.HealthCheckFactory;
import io.healer.api.config.ConfigException;
import io.healer.api.config.ConfigProblems;
import io.healer.api.config.Settings;
import java.util.Collection;
import java.util.List;

/**
 * Creates the {@code NodeCondition} check: a node is unhealthy when one of the configured
 * conditions has a status that is not accepted.
 *
 * <p>Params, with the Go magnum-auto-healer's defaults:
 *
 * <ul>
 *   <li>{@code types} (default {@code [Ready]}): the condition types to judge, case-sensitive. When
 *       several fail, the first in this list names the reason.
 *   <li>{@code ok-values} (default {@code [True]}): the healthy statuses; any other status is
 *       unhealthy.
 *   <li>{@code error-values} (default {@code []}): when not empty they win over {@code ok-values}:
 *       a status in this list is unhealthy, any other status healthy.
 * </ul>
 *
 * <pre>{@code
 * healthcheck:
 *   worker:
 *     - type: NodeCondition
 *       params:
 *         unhealthy-duration: 5m
 *         types: [Ready]
 *         ok-values: ["True"]
 * }</pre>
 *
 * <p>An unhealthy verdict carries the condition's {@code lastTransitionTime} as its {@linkplain
 * io.healer.api.Verdict#since since} time, so a restart of the healer does not reset the clock. A
 * node that does not report one of the types gets an unknown verdict (the Go healer counts it as
 * healthy). The check supports masters and workers, as in Go.
 *
 * <p>YAML reads an unquoted {@code True} or {@code False} as a boolean; such values of {@code
 * ok-values} and {@code error-values} are taken as the statuses {@code True} and {@code False}.
 *
 * <p>Differences from Go, on purpose: an empty {@code types} list, or an empty {@code ok-values}
 * list without {@code error-values}, is a configuration error, because the check would then pass
 * every node.
 *
 * <p>Thread-safe; the checks it creates are immutable.
 *
 * @since 0.1
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
@AutoService(HealthCheckFactory.class)
public final class NodeConditionCheckFactory implements HealthCheckFactory {

  /** The type name used in config.yaml. */
  public static final String TYPE = "NodeCondition";

  static final List<String> DEFAULT_TYPES = List.of("Ready");
  static final List<String> DEFAULT_OK_VALUES = List.of("True");

  private static final List<String> KEYS = List.of("types", "ok-values", "error-values");

  /** Creates the factory; called by {@link java.util.ServiceLoader}. */
  public NodeConditionCheckFactory() {}

  @Override
  public String type() {
    return TYPE;
  }

  /**
   * {@inheritDoc}
   *
   * @throws ConfigException listing every unknown key and bad value
   */
  @Override
  public HealthCheck create(Settings settings) {
    ConfigProblems problems = new ConfigProblems();
    problems.check(() -> settings.requireOnlyKeys(KEYS));
    List<String> types = problems.read(() -> settings.stringList("types", DEFAULT_TYPES), DEFAULT_TYPES);
    List<String> okValues = problems.read(() -> statuses(settings, "ok-values", DEFAULT_OK_VALUES), DEFAULT_OK_VALUES);
    List<String> errorValues = problems.read(() -> statuses(settings, "error-values", List.of()), List.of());
    if (types.isEmpty()) {
      problems.add(settings.problem("types", types, "at least one condition type, such as [Ready]"));
    }
    if (okValues.isEmpty() && errorValues.isEmpty()) {
      problems.add(settings.problem("ok-values", okValues,
          "at least one healthy status, such as [\"True\"], unless error-values is set"
              + " (with neither the check would pass every node)"));
    }
    problems.throwIfAny();
    return new NodeConditionCheck(types, okValues, errorValues);
  }

  /**
   * A list of condition statuses. YAML reads an unquoted {@code True} or {@code False} as a boolean,
   * which would otherwise become {@code "true"} and never match the status Kubernetes reports
   * ({@code True}); such booleans are taken in Kubernetes' spelling.
   */
  private static List<String> statuses(Settings settings, String key, List<String> defaultValue) {
    Object raw = settings.raw(key).orElse(null);
    if (raw instanceof Boolean) { // ok-values: True, a status alone
      return List.of(raw.equals(Boolean.TRUE) ? "True" : "False");
    }
    List<String> values = settings.stringList(key, defaultValue);
    if (raw == null) {
      return values;
    }
    List<?> elements = raw instanceof Collection<?> c ? List.copyOf(c) : List.of(raw);
    return elements.stream()
        .map(e -> e instanceof Boolean b ? (b ? "True" : "False") : String.valueOf(e))
        .toList();
  }
}
