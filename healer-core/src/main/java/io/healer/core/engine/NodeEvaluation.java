package io.healer.core.engine;

import io.healer.api.API;
import io.healer.api.NodeInfo;
import io.healer.api.Verdict;
import io.healer.api.check.CheckId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The verdicts of one node's checks in one cycle, in config order.
 *
 * @param node the node judged
 * @param verdicts by check, in the order the checks are configured: one entry per check, also when
 *     two checks share a type
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record NodeEvaluation(NodeInfo node, Map<CheckId, Verdict> verdicts) {

  /**
   * Keeps the config order and makes the map unmodifiable.
   *
   * @param node the node, as seen this cycle
   * @param verdicts the verdicts by check, not {@code null}; copied in its iteration order
   */
  public NodeEvaluation {
    verdicts = Collections.unmodifiableMap(new LinkedHashMap<>(verdicts));
  }

  /**
   * The first check, in config order, that judged the node unhealthy: it names the reason.
   *
   * @return the check and its verdict, or empty if no check judged the node unhealthy
   */
  public Optional<Map.Entry<CheckId, Verdict>> firstUnhealthy() {
    return verdicts.entrySet().stream().filter(e -> e.getValue().isUnhealthy()).findFirst();
  }

  /**
   * Whether any check judged the node unhealthy.
   *
   * @return {@code true} if at least one verdict is unhealthy
   */
  public boolean unhealthy() {
    return verdicts.values().stream().anyMatch(Verdict::isUnhealthy);
  }

  /**
   * Whether every check judged the node healthy (none unhealthy, none unknown).
   *
   * @return {@code true} if every verdict is healthy, also when the node has no checks
   */
  public boolean healthy() {
    return verdicts.values().stream().allMatch(Verdict::isHealthy);
  }

  /**
   * How many checks could not decide.
   *
   * @return the number of unknown verdicts
   */
  public int unknownCount() {
    return (int) verdicts.values().stream().filter(Verdict::isUnknown).count();
  }
}
