package io.healer.daemon;

import io.healer.core.config.HealerConfig;
import io.healer.core.plugin.PluginRegistry;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * How {@code run} and {@code check} reach the cluster they look after: the one seam between the
 * daemon and the Kubernetes side. The daemon owns the command line, plugins, metrics, endpoints,
 * logs and shutdown; a connector owns everything that talks to the cluster (informers, leader
 * election, the repair ledger, the pause switch, drain hooks, Events).
 *
 * <pre>{@code
 * ClusterConnector connector = (config, plugins) -> ClusterConnection.builder(informerCache)
 *     .ledger(annotationLedger)
 *     .leadership(elector::isLeader)
 *     .readiness(() -> informerCache.hasSynced() && (!config.leaderElect() || elector.isRunning()))
 *     .onClose(() -> { elector.stop(); informerCache.stop(); })
 *     .build();
 * }</pre>
 *
 * <p>{@link KubernetesConnector} is the production implementation, on healer-core's {@code
 * KubernetesCluster}; tests use it against a loopback API server, and one on the testkit's {@code
 * FakeCluster}.
 */
@FunctionalInterface
public interface ClusterConnector {

  /**
   * Connects to the cluster. May start background work (watches, an elector); whatever it starts
   * is stopped by {@link ClusterConnection#close()}.
   *
   * @param config the validated configuration, not {@code null}
   * @param plugins the plugins in use, not {@code null}; for a connector that needs a plugin's help
   * @return the connection, never {@code null}
   * @throws DaemonException when the cluster cannot be reached or the connector is not available;
   *     its message is shown to the operator and must never carry a secret
   */
  ClusterConnection connect(HealerConfig config, PluginRegistry plugins);

  /**
   * Connects, waiting at most {@code timeout} for the cluster to answer, and telling {@code
   * waiting} what it waits for each time that changes (for {@code /readyz} and {@code check}'s
   * error). By default the connector's own wait, and nothing is told.
   *
   * @param config the validated configuration, not {@code null}
   * @param plugins the plugins in use, not {@code null}
   * @param timeout the longest wait for the cluster's first answers
   * @param waiting told what the wait is for: one line, never a secret
   * @return the connection, never {@code null}
   * @throws DaemonException as {@link #connect(HealerConfig, PluginRegistry)}, and when the timeout passes
   */
  default ClusterConnection connect(HealerConfig config, PluginRegistry plugins, Duration timeout,
      Consumer<String> waiting) {
    return connect(config, plugins);
  }
}
