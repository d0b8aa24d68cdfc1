package io.healer.provider.magnum;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.RepairTarget;
import io.healer.testkit.openstack.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How many GETs one engine cycle costs (one {@code clusterStatus()} then one {@code repair()}),
 * counted from the fake's request log, in the cluster with two worker stacks.
 */
class ReadsPerCycleTest extends OnFakeOpenStack {

  ReadsPerCycleTest() {
    super(TWO_WORKER_STACKS, Map.of("stop-wait", "0s"));
  }

  /** One cycle; returns the GETs it sent (token requests aside). */
  List<String> cycle(RepairAction action, NodeInfo node) {
    openstack.clearRequests();
    assertThat(provider.clusterStatus().allowsRepair()).isTrue();
    RepairResult r = provider.repair(new RepairRequest(List.of(new RepairTarget(node, action, "test", 1)),
        clock.instant())).get(0);
    List<String> gets = openstack.requests().stream().filter(x -> x.method().equals("GET"))
        .map(RecordedRequest::call).toList();
    System.out.println("== " + action + " " + node.name() + " -> " + r.status() + ": " + gets.size() + " GETs");
    gets.forEach(g -> System.out.println("  " + g));
    return gets;
  }

  /**
   * Before this change every cycle cost 8 GETs of cluster reads (cluster, stack by id and its
   * redirect, node groups, the gpu stack by id and its redirect, two resource lists) and a reboot
   * no more. Now the first cycle learns the stack names (8), reads the cluster's template once to
   * tell its driver (1, never again for that template) and reads the server once (1); later
   * cycles read the cluster, its stack by name, the node groups and two resource lists (5) and the
   * server (1); the same repair asked again reads nothing beyond clusterStatus() (2).
   */
  @Test
  void aRebootCycle() {
    List<String> ids = openstack.serverIds("k8s", "default-worker");
    assertThat(cycle(RepairAction.REBOOT, node("worker-0", ids.get(0), NodeRole.WORKER))).hasSize(10)
        .containsOnlyOnce("GET /magnum/v1/clustertemplates/" + templateId());
    clock.advance(Duration.ofSeconds(60));
    assertThat(cycle(RepairAction.REBOOT, node("worker-1", ids.get(1), NodeRole.WORKER))).hasSize(6)
        .containsOnlyOnce("GET /magnum/v1/clusters/k8s");
    clock.advance(Duration.ofSeconds(60));
    assertThat(cycle(RepairAction.REBOOT, node("worker-1", ids.get(1), NodeRole.WORKER))).hasSize(2);
  }

  /**
   * Before: 11 then 9 GETs. Now 9 then 6: the cluster once per cycle (5), the node group's bounds
   * (cycle 1, before anything is touched), and what the step must
   * see fresh: the attachments and the server before and after os-stop, then the server again.
   */
  @Test
  void aWorkerReplacement() {
    warmUp();
    String id = openstack.serverIds("k8s", "default-worker").get(1);
    NodeInfo n = node("worker-1", id, NodeRole.WORKER);
    // 8 + the node group's own GET: its bounds, which Magnum's list does not show, are checked
    // before the worker is touched.
    assertThat(cycle(RepairAction.REPLACE, n)).hasSize(9);
    clock.advance(Duration.ofSeconds(60));
    assertThat(cycle(RepairAction.REPLACE, n)).hasSize(6);
  }

  /** Before: 11 then 9 GETs. */
  @Test
  void aMasterReplacement() {
    warmUp();
    String id = openstack.serverIds("k8s", "default-master").get(0);
    NodeInfo n = node("master-0", id, NodeRole.MASTER);
    assertThat(cycle(RepairAction.REPLACE, n)).hasSize(8);
    clock.advance(Duration.ofSeconds(60));
    assertThat(cycle(RepairAction.REPLACE, n)).hasSize(6);
  }

  /** The uuid of the cluster's template, as Magnum shows it. */
  String templateId() {
    return openstack.requests().stream().map(RecordedRequest::call)
        .filter(c -> c.startsWith("GET /magnum/v1/clustertemplates/")).findFirst().orElseThrow()
        .substring("GET /magnum/v1/clustertemplates/".length());
  }

  /** A first cycle (a reboot of another worker), so that the stack names are known. */
  void warmUp() {
    String other = openstack.serverIds("k8s", "default-worker").get(2);
    cycle(RepairAction.REBOOT, node("worker-2", other, NodeRole.WORKER));
    clock.advance(Duration.ofSeconds(60));
  }

  @Test
  void aRepairAfterTheWindowReadsTheClusterAgain() {
    String id = openstack.serverIds("k8s", "default-worker").get(0);
    openstack.clearRequests();
    provider.clusterStatus();
    clock.advance(Duration.ofSeconds(11));
    provider.repair(new RepairRequest(List.of(new RepairTarget(node("worker-0", id, NodeRole.WORKER),
        RepairAction.REBOOT, "test", 1)), clock.instant()));
    assertThat(openstack.calls()).filteredOn(c -> c.equals("GET /magnum/v1/clusters/k8s")).hasSize(2);
  }
}
