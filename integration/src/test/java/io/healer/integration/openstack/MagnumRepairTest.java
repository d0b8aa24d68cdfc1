package io.healer.integration.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.RepairTarget;
import io.healer.api.NodeInfo;
import io.healer.integration.support.Wait;
import io.healer.provider.magnum.MagnumCloudProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Repairs through the real Magnum 15 and Heat 19: what the provider asks for is what the real
 * conductor and engine do.
 */
@ExtendWith(RealOpenStackExtension.class)
@DisplayName("Magnum and Heat: the provider's repairs on the real services")
class MagnumRepairTest {

  private final RealOpenStack openstack;
  private MagnumCloudProvider provider;

  MagnumRepairTest(RealOpenStack openstack) {
    this.openstack = openstack;
  }

  @BeforeEach
  void quiet() {
    openstack.awaitQuiet();
    provider = openstack.provider(RealOpenStack.CLUSTER, openstack.passwordByIds());
  }

  @Test
  @DisplayName("a worker replace is a resize with nodes_to_remove that the conductor turns into a stack update")
  void workerReplace() {
    List<String> before = openstack.serverIds("kube_minions");
    String old = before.get(0);
    assertThat(provider.clusterStatus().status()).isEqualTo(ClusterStatus.Status.READY);

    RepairResult result = repair(openstack.worker("worker-0", old, "default-worker"), RepairAction.REPLACE);

    assertThat(result.status()).as(result.reason()).isEqualTo(RepairResult.Status.STARTED);
    assertThat(openstack.nova().calls()).contains("POST /v2.1/servers/" + old + "/action os-stop");
    assertThat(openstack.nova().status(old)).isEqualTo("SHUTOFF");
    // The API answered 202 before the conductor acted: for a moment the cluster still shows its old
    // *_COMPLETE status, so the end of the update is the old server gone and Magnum synced.
    Wait.until("the conductor's stack update removed " + old + " and Magnum synced the cluster",
        Duration.ofMinutes(4), () -> {
          String status = openstack.cluster().path("status").asText();
          if (status.endsWith("_FAILED")) {
            throw new AssertionError("cluster is " + status);
          }
          return status.equals("UPDATE_COMPLETE") && !openstack.serverIds("kube_minions").contains(old);
        });
    assertThat(openstack.stack().path("stack_status").asText()).isEqualTo("UPDATE_COMPLETE");
    List<String> after = openstack.serverIds("kube_minions");
    assertThat(after).hasSize(2).doesNotContain(old).contains(before.get(1));
    assertThat(openstack.magnum("GET", "/clusters/" + RealOpenStack.CLUSTER + "/nodegroups/default-worker", null)
        .expect(200).json().path("node_count").asInt()).isEqualTo(2);
  }

  @Test
  @DisplayName("a worker of a node group outside its bounds is a failed repair that leaves the server running")
  void resizeOutsideBounds() {
    String server = openstack.serverIds("kube_minions").get(1);
    // The real Magnum refuses it: 400 NGResizeOutBounds, after the provider had powered the server off.
    Rest.Reply refused = openstack.magnum("POST", "/clusters/" + RealOpenStack.CLUSTER + "/actions/resize",
        java.util.Map.of("node_count", 2, "nodes_to_remove", List.of(server), "nodegroup", RealOpenStack.BOUNDED_GROUP));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("errors").get(0).path("detail").asText())
        .isEqualTo("Resizing " + RealOpenStack.BOUNDED_GROUP + " outside the allowed range: min_node_count = 1,"
            + " max_node_count = 1");

    int mark = openstack.nova().calls().size();
    RepairResult result = repair(openstack.worker("worker-1", server, RealOpenStack.BOUNDED_GROUP),
        RepairAction.REPLACE);

    assertThat(result.status()).isEqualTo(RepairResult.Status.FAILED);
    assertThat(result.reason()).contains("node group " + RealOpenStack.BOUNDED_GROUP)
        .contains("outside the allowed range").contains("min_node_count 1, max_node_count 1");
    List<String> calls = openstack.nova().calls();
    assertThat(calls.subList(mark, calls.size())).noneMatch(c -> c.contains(server + "/action"));
    assertThat(openstack.nova().status(server)).isEqualTo("ACTIVE");
    assertThat(openstack.cluster().path("status").asText()).endsWith("_COMPLETE");
    assertThat(openstack.serverIds("kube_minions")).contains(server);
  }

  @Test
  @DisplayName("a master replace marks its server resource unhealthy and the real engine replaces it")
  void masterReplace() {
    String old = openstack.serverIds("kube_masters").get(0);

    RepairResult result = repair(openstack.master("master-0", old), RepairAction.REPLACE);

    assertThat(result.status()).as(result.reason()).isEqualTo(RepairResult.Status.STARTED);
    openstack.awaitStack("UPDATE_COMPLETE");
    List<String> after = openstack.serverIds("kube_masters");
    assertThat(after).hasSize(1).doesNotContain(old);
    JsonNode resource = openstack.servers("kube_masters").get(0);
    assertThat(resource.path("resource_status").asText()).endsWith("_COMPLETE");
    assertThat(openstack.cluster().path("status").asText()).endsWith("_COMPLETE");
  }

  @Test
  @DisplayName("a reboot of a stopped worker is a hard reboot, which Nova allows there (a soft one is 409)")
  void rebootOfAStoppedWorker() {
    String server = openstack.serverIds("kube_minions").get(1);
    openstack.nova().setStatus(server, "SHUTOFF");
    // Only this test's calls: other classes reboot the same servers.
    int before = openstack.nova().calls().size();

    RepairResult result = repair(openstack.worker("worker-r", server, "default-worker"), RepairAction.REBOOT);

    assertThat(result.status()).as(result.reason()).isEqualTo(RepairResult.Status.STARTED);
    assertThat(result.reason()).contains("hard reboot");
    List<String> calls = openstack.nova().calls();
    assertThat(calls.subList(before, calls.size())).contains("POST /v2.1/servers/" + server + "/action reboot HARD")
        .doesNotContain("POST /v2.1/servers/" + server + "/action reboot SOFT");
    Wait.until(server + " is ACTIVE again", Duration.ofSeconds(10),
        () -> openstack.nova().status(server).equals("ACTIVE"));
  }

  private RepairResult repair(NodeInfo node, RepairAction action) {
    List<RepairResult> results = provider.repair(new RepairRequest(List.of(
        new RepairTarget(node, action, "test: " + node.name() + " is unhealthy", 1)), Instant.now()));
    assertThat(results).hasSize(1);
    return results.get(0);
  }
}
