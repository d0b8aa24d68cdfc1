package io.healer.integration.kubernetes;

import io.healer.api.NodeCondition;
import io.healer.api.NodeInfo;
import io.healer.core.config.HealerConfig;
import io.healer.fakes.ManualClock;
import io.healer.integration.support.Wait;
import io.healer.kubernetes.KubernetesClients;
import io.healer.kubernetes.KubernetesCluster;
import io.healer.kubernetes.KubernetesHealer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the tests of healer's repair hooks on the real servers (DrainTest, FencingTest) stand on:
 * nodes the harness plays the kubelets of, a pod namespace of this run's own, and the Kubernetes side
 * exactly as the daemon builds it ({@link KubernetesHealer.Builder#connect()}), on a clock the test
 * moves. {@link #close()} stops the Kubernetes side and removes the pods and nodes.
 */
final class HooksWorld implements AutoCloseable {

  private static final AtomicInteger RUN = new AtomicInteger();

  /** The clock healer's side reads; only the test moves it. */
  final ManualClock clock = new ManualClock(Instant.now());
  final KubeletHarness kubelets;
  final PodHarness pods;
  final KubernetesCluster healer;
  private final Duration controller;

  /**
   * Registers the nodes (name to provider id), creates the namespace {@code <name>-<pid>-<run>} and
   * connects healer's side for the cluster {@code <name>-test}; {@code controller} bounds each wait
   * on a controller or on healer's cache.
   */
  HooksWorld(RealKubernetes cluster, String name, Map<String, String> nodes, Duration drainTimeout,
      Duration controller) {
    this.controller = controller;
    kubelets = new KubeletHarness(cluster);
    PodHarness startedPods = null;
    try {
      kubelets.removeAll();
      nodes.forEach((node, providerId) -> kubelets.register(node, providerId, Map.of()));
      startedPods = new PodHarness(cluster, name + "-" + ProcessHandle.current().pid() + "-" + RUN.incrementAndGet());
      HealerConfig config = HealerConfig.builder(name + "-test").leaderElect(false).drainTimeout(drainTimeout).build();
      healer = KubernetesHealer.builder(config, KubernetesClients.of(cluster.admin())).namespace("kube-system")
          .clock(clock).connect();
    } catch (RuntimeException e) {
      if (startedPods != null) {
        startedPods.close();
      }
      kubelets.removeAll();
      kubelets.close();
      throw e;
    }
    pods = startedPods;
  }

  /** The node as healer's cache has it now, waiting for the cache to have it. */
  NodeInfo node(String name) {
    return Wait.value("healer's cache has " + name, controller,
        () -> healer.nodeSource().nodes().stream().filter(n -> n.name().equals(name)).findFirst());
  }

  /**
   * Stops the node's heartbeat and waits until the real node-lifecycle controller marks it
   * Ready=Unknown and healer's cache sees it not Ready.
   */
  void silence(String name) {
    kubelets.stopHeartbeat(name);
    Wait.until("the node-lifecycle controller marks " + name + " Ready=Unknown", controller,
        () -> kubelets.condition(name, "Ready").equals("Unknown"));
    Wait.until("healer's cache sees " + name + " not Ready", controller,
        () -> !node(name).condition(NodeCondition.READY).map(NodeCondition::isTrue).orElse(true));
  }

  @Override
  public void close() {
    healer.close();
    pods.close();
    kubelets.removeAll();
    kubelets.close();
  }
}
