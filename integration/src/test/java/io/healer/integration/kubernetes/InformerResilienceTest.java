package io.healer.integration.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import io.healer.api.NodeInfo;
import io.healer.api.embedding.NodeSource;
import io.healer.api.embedding.NodeSourceUnavailableException;
import io.healer.core.config.ConfigLoader;
import io.healer.core.config.HealerConfig;
import io.healer.integration.support.Wait;
import io.healer.kubernetes.KubernetesClients;
import io.healer.kubernetes.KubernetesCluster;
import io.healer.kubernetes.KubernetesHealer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * healer's informer caches against a real API server that goes away and comes back, and against
 * etcd history compacted under a resuming watch: the view catches up with the server with nothing
 * lost, and while the watch fails for longer than the staleness bound the node source refuses to
 * answer, so the engine acts on nothing.
 */
@ExtendWith(RealKubernetesExtension.class)
class InformerResilienceTest {

  private static final String USER = "healer-informer";
  private static final Duration STALE_AFTER = Duration.ofSeconds(5);

  private final RealKubernetes cluster;
  private KubeletHarness kubelets;
  private KubernetesCluster healerSide;

  InformerResilienceTest(RealKubernetes cluster) {
    this.cluster = cluster;
  }

  @BeforeEach
  void connect() {
    kubelets = new KubeletHarness(cluster);
    kubelets.removeAll();
    kubelets.register("informer-0", "openstack:///00000000-0000-0000-0000-0000000000c0", Map.of());
    kubelets.register("informer-1", "openstack:///00000000-0000-0000-0000-0000000000c1", Map.of());
    HealerConfig config = ConfigLoader.parse("cluster-name: k8s\nleader-elect: false\n", "test");
    healerSide = KubernetesHealer.builder(config,
            KubernetesClients.of(RealKubernetes.client(cluster.adminKubeconfigFor(USER))))
        .namespace("kube-system").staleAfter(STALE_AFTER).connect();
    assertThat(names(healerSide.nodeSource())).containsExactlyInAnyOrder("informer-0", "informer-1");
  }

  @AfterEach
  void close() {
    if (healerSide != null) {
      healerSide.close();
    }
    if (!cluster.apiServer().isAlive()) {
      cluster.startApiServer();
    }
    kubelets.removeAll();
    kubelets.close();
  }

  @Test
  void anApiServerThatStopsMakesTheViewStaleAndOnceBackTheViewCatchesUp() {
    NodeSource source = healerSide.nodeSource();
    cluster.stopApiServer();
    Wait.until("the node source refuses to answer from a cache it cannot refresh", STALE_AFTER.multipliedBy(4),
        () -> throwsUnavailable(source));
    assertThatThrownBy(source::nodes).isInstanceOf(NodeSourceUnavailableException.class)
        .hasMessageContaining("the node watch has been failing since");

    cluster.startApiServer();
    kubelets.register("informer-2", "openstack:///00000000-0000-0000-0000-0000000000c2", Map.of());
    kubelets.remove("informer-0");
    Wait.until("the view shows the node added and not the node removed after the restart", Duration.ofSeconds(60),
        () -> !throwsUnavailable(source) && names(source).equals(List.of("informer-1", "informer-2")));
  }

  @Test
  void aWatchResumedFromACompactedVersionRelistsAndLosesNothing() {
    NodeSource source = healerSide.nodeSource();
    cluster.stopApiServer();
    cluster.advanceEtcdRevision(20);
    long compacted = cluster.compactEtcd();
    long listsBefore = nodeListsOfHealer();
    cluster.startApiServer();
    kubelets.register("informer-3", "openstack:///00000000-0000-0000-0000-0000000000c3", Map.of());

    Wait.until("the view shows the node created after the compaction", Duration.ofSeconds(60),
        () -> !throwsUnavailable(source) && names(source).contains("informer-3"));
    assertThat(names(source)).containsExactly("informer-0", "informer-1", "informer-3");
    assertThat(nodeListsOfHealer()).as("healer re-listed the nodes once its resource version was compacted away (etcd revision %d)",
        compacted).isGreaterThan(listsBefore);
  }

  private static List<String> names(NodeSource source) {
    return source.nodes().stream().map(NodeInfo::name).sorted().toList();
  }

  private static boolean throwsUnavailable(NodeSource source) {
    try {
      source.nodes();
      return false;
    } catch (NodeSourceUnavailableException e) {
      return true;
    }
  }

  /** How many LISTs of nodes (not watches) healer's informer made, by the API server's audit log. */
  private long nodeListsOfHealer() {
    try (var lines = Files.lines(cluster.auditLog())) {
      return lines.filter(l -> l.contains("\"" + USER + "\"")).map(l -> JsonParser.parseString(l).getAsJsonObject())
          .filter(e -> e.get("verb").getAsString().equals("list"))
          .filter(e -> Optional.ofNullable(e.getAsJsonObject("objectRef")).map(o -> o.get("resource").getAsString())
              .orElse("").equals("nodes"))
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
