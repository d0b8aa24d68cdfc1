package io.healer.integration.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healer.api.NodeInfo;
import io.healer.api.embedding.NodeSource;
import io.healer.api.embedding.NodeSourceUnavailableException;
import io.healer.core.config.ConfigLoader;
import io.healer.integration.support.StallingProxy;
import io.healer.integration.support.Wait;
import io.healer.kubernetes.KubernetesClients;
import io.healer.kubernetes.KubernetesCluster;
import io.healer.kubernetes.KubernetesHealer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A watch connection that stalls without closing (a hung proxy between healer and the API server):
 * no call fails, yet the cache freezes. healer notices the silence, opens the watch anew, and when
 * that gets no answer either stops trusting the cache; once bytes flow again it catches up.
 */
@ExtendWith(RealKubernetesExtension.class)
class StalledWatchTest {

  /** The silence after which the watch is opened anew; half as long again without an answer and the cache is distrusted. */
  private static final Duration SILENCE_LIMIT = Duration.ofSeconds(40);

  private final RealKubernetes cluster;
  private final KubeletHarness kubelets;
  private StallingProxy proxy;
  private KubernetesCluster healerSide;

  StalledWatchTest(RealKubernetes cluster) {
    this.cluster = cluster;
    this.kubelets = new KubeletHarness(cluster);
  }

  @AfterEach
  void close() {
    if (healerSide != null) {
      healerSide.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    kubelets.removeAll();
    kubelets.close();
  }

  @Test
  void aStalledWatchMakesTheViewUntrustedAndOnceItFlowsAgainTheViewCatchesUp() {
    kubelets.removeAll();
    kubelets.register("stall-0", "openstack:///00000000-0000-0000-0000-0000000000d0", Map.of());
    proxy = StallingProxy.to(cluster.port());
    healerSide = KubernetesHealer.builder(ConfigLoader.parse("cluster-name: k8s\nleader-elect: false\n", "test"),
            KubernetesClients.of(RealKubernetes.client(
                cluster.adminKubeconfigFor("healer-stalled", "https://127.0.0.1:" + proxy.port()))))
        .namespace("kube-system").watchSilenceLimit(SILENCE_LIMIT).connect();
    NodeSource source = healerSide.nodeSource();
    assertThat(names(source)).containsExactly("stall-0");

    proxy.stall();
    long stalled = System.nanoTime();
    kubelets.register("stall-1", "openstack:///00000000-0000-0000-0000-0000000000d1", Map.of());
    Wait.until("healer stops trusting the silent node watch", SILENCE_LIMIT.multipliedBy(3).dividedBy(2).plusSeconds(20),
        () -> unavailable(source));
    System.out.printf("[stalled-watch] the cache was distrusted %.0f s after the connection stalled%n",
        (System.nanoTime() - stalled) / 1e9);
    assertThatThrownBy(source::nodes).isInstanceOf(NodeSourceUnavailableException.class)
        .hasMessageContaining("reconnecting got no answer");

    proxy.resume();
    Wait.until("the held events arrive and the view shows the node added during the stall", Duration.ofSeconds(60),
        () -> !unavailable(source) && names(source).equals(List.of("stall-0", "stall-1")));
  }

  private static boolean unavailable(NodeSource source) {
    try {
      source.nodes();
      return false;
    } catch (NodeSourceUnavailableException e) {
      return true;
    }
  }

  private static List<String> names(NodeSource source) {
    return source.nodes().stream().map(NodeInfo::name).sorted().toList();
  }
}
