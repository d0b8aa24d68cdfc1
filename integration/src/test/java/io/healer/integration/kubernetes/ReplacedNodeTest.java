package io.healer.integration.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.NodeInfo;
import io.healer.api.cloud.RepairAction;
import io.healer.core.config.HealerConfig;
import io.healer.integration.support.Wait;
import io.healer.kubernetes.KubernetesClients;
import io.healer.kubernetes.KubernetesCluster;
import io.healer.kubernetes.KubernetesHealer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #18: once the cloud accepted the replacement of a node, healer deletes its Node object with
 * a UID precondition (as the Go healer deletes it), so the Node of the machine that is gone does not
 * linger NotReady, and a Node re-created under the same name (the replacement registering) is never
 * deleted. Run through healer's repair hooks, against the real API server.
 */
@ExtendWith(RealKubernetesExtension.class)
class ReplacedNodeTest {

  private final RealKubernetes cluster;
  private final KubeletHarness kubelets;
  private final String node = "replaced-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
  private KubernetesCluster side;

  ReplacedNodeTest(RealKubernetes cluster) {
    this.cluster = cluster;
    this.kubelets = new KubeletHarness(cluster);
  }

  @BeforeEach
  void connect() {
    HealerConfig config = HealerConfig.builder("replaced").leaderElect(false).build();
    side = KubernetesHealer.builder(config, KubernetesClients.of(cluster.admin())).namespace("kube-system")
        .identity("replacer").syncTimeout(Duration.ofSeconds(60)).connect();
    kubelets.register(node, "openstack:///" + node, Map.of());
  }

  @AfterEach
  void stop() {
    side.close();
    kubelets.remove(node);
    kubelets.close();
  }

  /** The node as the engine saw it when it asked the cloud to replace it: its name and UID then. */
  private NodeInfo seen() {
    return NodeInfo.builder(node).uid(uid()).build();
  }

  private String uid() {
    return cluster.rest().get("/api/v1/nodes/" + node).orThrow().getAsJsonObject("metadata").get("uid").getAsString();
  }

  @Test
  void theNodeOfAReplacedMachineIsDeleted() {
    side.hooks().started(seen(), RepairAction.REPLACE, Instant.now());

    assertThat(cluster.rest().get("/api/v1/nodes/" + node).code()).isEqualTo(404);
    Wait.until("the server logged the deletion", Duration.ofSeconds(10), () -> new AuditLog(cluster)
        .on("nodes", node).stream().anyMatch(e -> e.verb().equals("delete") && e.code() == 200));
  }

  @Test
  void aNodeReCreatedUnderTheSameNameIsLeftAlone() {
    NodeInfo old = seen();
    // The replacement registers before healer gets to the deletion.
    kubelets.remove(node);
    kubelets.register(node, "openstack:///" + node + "-new", Map.of());
    String newUid = uid();

    side.hooks().started(old, RepairAction.REPLACE, Instant.now());

    assertThat(uid()).as("the new node is still there").isEqualTo(newUid).isNotEqualTo(old.uid().orElseThrow());
    Wait.until("the server logged the refused deletion", Duration.ofSeconds(10), () -> new AuditLog(cluster)
        .on("nodes", node).stream().anyMatch(e -> e.verb().equals("delete") && e.code() == 409));
  }

  @Test
  void aRebootOrARebuildKeepsTheNode() {
    side.hooks().started(seen(), RepairAction.REBOOT, Instant.now());
    side.hooks().started(seen(), RepairAction.REBUILD, Instant.now());

    assertThat(cluster.rest().get("/api/v1/nodes/" + node).code()).isEqualTo(200);
    assertThat(new AuditLog(cluster).on("nodes", node)).noneMatch(e -> e.verb().equals("delete"));
  }
}
