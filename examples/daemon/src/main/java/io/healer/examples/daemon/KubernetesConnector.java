package io.healer.examples.daemon;

import io.healer.core.config.HealerConfig;
import io.healer.core.plugin.PluginRegistry;

/**
 * The connector to a real cluster. TODO(issue #4): build the connection from the wiring class of
 * {@code io.healer.core.kubernetes} once it lands: the informer-backed node source, the Lease
 * elector ({@code kube-system/magnum-auto-healer} when {@code leader-elect} is on), the annotation
 * ledger, the pause ConfigMap ({@code healer-control}, {@code healer.io/paused=true}), the drain
 * hooks and the Events listener; readiness is "informer synced and, with leader election, elector
 * running". Until then it fails with a clear message instead of guessing.
 */
final class KubernetesConnector implements ClusterConnector {

  static final String NOT_YET = "the Kubernetes connection lands with issue #4; this build can validate a config"
      + " (healer validate --config FILE) and run the demo (healer demo), but not yet run against a cluster";

  @Override
  public ClusterConnection connect(HealerConfig config, PluginRegistry plugins) {
    throw new DaemonException(NOT_YET);
  }
}
