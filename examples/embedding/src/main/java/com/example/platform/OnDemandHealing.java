package com.example.platform;

import io.healer.api.embedding.CycleSummary;
import io.healer.api.embedding.HealerEvent;
import io.healer.api.embedding.HealerListener;
import io.healer.api.embedding.NodeSource;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.config.Settings;
import io.healer.core.Healer;
import io.healer.core.config.CheckConfig;
import io.healer.core.config.HealerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * healer as the platform uses it: the config built in code (no YAML), the platform's own provider
 * instance, every decision sent to the platform's audit, one cycle when an operator asks for it.
 */
public final class OnDemandHealing {

  private OnDemandHealing() {}

  /** What the platform checks: the kubelet's Ready condition, unhealthy after five minutes. */
  static HealerConfig config(String clusterName) {
    CheckConfig ready = new CheckConfig("NodeCondition", Duration.ofMinutes(5),
        Settings.of(Map.of("types", List.of("Ready"))));
    return HealerConfig.builder(clusterName)
        .masterChecks(List.of(ready))
        .workerChecks(List.of(ready))
        .leaderElect(false)            // the tool runs once, on demand: no leader election
        .maxRepairsInFlight(2)
        .build();
  }

  /**
   * Runs one healing cycle now.
   *
   * @param clusterName the cluster's name
   * @param nodes where the nodes come from
   * @param cloud the platform's provider instance
   * @param audit receives every decision (repair started, skipped, ...)
   * @param clock the clock for every time decision
   * @return what the cycle saw and did
   */
  public static CycleSummary runOnce(String clusterName, NodeSource nodes, CloudProvider cloud,
      Consumer<HealerEvent> audit, Clock clock) {
    try (Healer healer = Healer.builder(config(clusterName))
        .nodeSource(nodes)
        .cloudProvider(cloud)                       // our own instance, not a plugin found by name
        .listener(new HealerListener() {
          @Override
          public void onEvent(HealerEvent event) {
            audit.accept(event);
          }
        })
        .clock(clock)
        .countTimeBeforeWatching(true)              // one cycle, no history: judge by the checks' own starts
        .build()) {
      return healer.runOnce();
    }
  }
}
