package io.healer.provider.magnum;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.NodeAddress;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.RepairTarget;
import io.healer.fakes.ManualClock;
import io.healer.fakes.Nodes;
import io.healer.provider.magnum.internal.ContainerInfra.ClusterTemplate;
import io.healer.testkit.openstack.FakeOpenStack;
import io.healer.testkit.openstack.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Clusters made by Cluster API drivers (magnum-cluster-api, magnum-capi-helm), which keep no Heat
 * stack: the provider tells the driver from Magnum, never calls Heat for them, replaces a worker
 * by resize only where the driver's resize honours {@code nodes_to_remove}, and says why it cannot
 * replace the rest.
 */
class ClusterApiDriversTest {

  static final String CLUSTER = "capi";
  static final String MAGNUM_CLUSTER_API = "k8s_cluster_api_ubuntu";
  static final String CAPI_HELM = "k8s_capi_helm_v1";

  ManualClock clock;
  FakeOpenStack openstack;

  @BeforeEach
  void start() {
    clock = new ManualClock();
    openstack = FakeOpenStack.start(clock);
  }

  @AfterEach
  void stop() {
    openstack.close();
  }

  MagnumCloudProvider provider() {
    return ProviderFixture.provider(openstack.passwordAuth(), Map.of("stop-wait", "0s"), CLUSTER, clock);
  }

  void cluster(String driver, boolean templateNamesDriver) {
    openstack.createClusterApiCluster(CLUSTER, driver, templateNamesDriver, 1, Map.of("default-worker", 3));
  }

  /** A node as the kubelet reports it on these clusters: providerID and the node-group label. */
  NodeInfo node(String group, int index) {
    String id = openstack.serverIds(CLUSTER, group).get(index);
    boolean master = group.equals("default-master");
    NodeInfo.Builder b = master ? Nodes.master("master-" + index) : Nodes.worker("worker-" + index);
    return b.providerId("openstack:///" + id).addresses(List.of())
        .address(NodeAddress.INTERNAL_IP, openstack.server(id).orElseThrow().address())
        .label(MagnumCloudProvider.NODE_GROUP_LABEL, group).build();
  }

  static RepairResult repair(MagnumCloudProvider provider, RepairAction action, NodeInfo node, ManualClock clock) {
    return provider.repair(new RepairRequest(List.of(new RepairTarget(node, action, "NodeCondition: Ready is Unknown",
        1)), clock.instant())).get(0);
  }

  List<RecordedRequest> heatRequests() {
    return openstack.requests().stream().filter(r -> r.path().startsWith("/heat")).toList();
  }

  @Nested
  @DisplayName("magnum-cluster-api (Vexxhost)")
  class MagnumClusterApi {

    @Test
    @DisplayName("status, reboot, worker replace and a refused master replace: not one request reaches Heat")
    void neverCallsHeat() {
      cluster(MAGNUM_CLUSTER_API, true);
      MagnumCloudProvider provider = provider();

      assertThat(provider.clusterStatus().status()).isEqualTo(ClusterStatus.Status.READY);
      assertThat(repair(provider, RepairAction.REBOOT, node("default-worker", 0), clock).status())
          .isEqualTo(RepairResult.Status.STARTED);
      NodeInfo worker = node("default-worker", 1);
      assertThat(repair(provider, RepairAction.REPLACE, worker, clock).status())
          .isEqualTo(RepairResult.Status.RETRY_LATER);
      clock.advance(Duration.ofSeconds(60));
      assertThat(provider.clusterStatus().allowsRepair()).isTrue();
      assertThat(repair(provider, RepairAction.REPLACE, worker, clock).status())
          .isEqualTo(RepairResult.Status.STARTED);
      assertThat(repair(provider, RepairAction.REPLACE, node("default-master", 0), clock).status())
          .isEqualTo(RepairResult.Status.NOT_SUPPORTED);
      provider.powerState(worker);
      provider.supportedActions(NodeRole.MASTER);

      // Magnum, Nova and Cinder were asked (the fake recorded them), Heat never.
      assertThat(openstack.requests()).anyMatch(r -> r.path().startsWith("/magnum"))
          .anyMatch(r -> r.path().startsWith("/compute"));
      assertThat(heatRequests()).isEmpty();
    }

    @Test
    @DisplayName("a worker is replaced by Magnum's resize with nodes_to_remove and the group's unchanged count")
    void replacesAWorkerByResize() {
      cluster(MAGNUM_CLUSTER_API, true);
      MagnumCloudProvider provider = provider();
      String id = openstack.serverIds(CLUSTER, "default-worker").get(1);
      NodeInfo worker = node("default-worker", 1);

      assertThat(provider.clusterStatus().allowsRepair()).isTrue();
      RepairResult first = repair(provider, RepairAction.REPLACE, worker, clock);
      assertThat(first.status()).as(first.reason()).isEqualTo(RepairResult.Status.RETRY_LATER);
      clock.advance(Duration.ofSeconds(60));
      assertThat(provider.clusterStatus().allowsRepair()).isTrue();
      RepairResult second = repair(provider, RepairAction.REPLACE, worker, clock);

      assertThat(second.status()).as(second.reason()).isEqualTo(RepairResult.Status.STARTED);
      assertThat(second.reason()).contains("resize of node group default-worker removing server " + id);
      RecordedRequest resize = openstack.changes().stream().filter(r -> r.path().endsWith("/actions/resize"))
          .findFirst().orElseThrow();
      assertThat(resize.body()).isEqualTo("{\"node_count\":3,\"nodes_to_remove\":[\"" + id
          + "\"],\"nodegroup\":\"default-worker\"}");
      // The driver deletes that Machine and makes a new one: the same count, without the old server.
      clock.advance(Duration.ofMinutes(6));
      assertThat(openstack.clusterStatus(CLUSTER)).isEqualTo("UPDATE_COMPLETE");
      assertThat(openstack.serverIds(CLUSTER, "default-worker")).hasSize(3).doesNotContain(id);
      assertThat(openstack.nodeCount(CLUSTER, "default-worker")).isEqualTo(3);
    }

    @Test
    @DisplayName("a master replace is not supported, naming the driver and the MachineHealthCheck, and touches nothing")
    void refusesAMasterReplace() {
      cluster(MAGNUM_CLUSTER_API, true);
      MagnumCloudProvider provider = provider();
      assertThat(provider.clusterStatus().allowsRepair()).isTrue();

      RepairResult r = repair(provider, RepairAction.REPLACE, node("default-master", 0), clock);

      assertThat(r.status()).isEqualTo(RepairResult.Status.NOT_SUPPORTED);
      assertThat(r.reason()).contains("magnum-cluster-api " + MAGNUM_CLUSTER_API, "no Heat stack",
          "MasterNGResizeNotSupported", "KubeadmControlPlane", "MachineHealthCheck", "master-0");
      assertThat(openstack.changes()).isEmpty();
    }

    @Test
    @DisplayName("supportedActions: reboot for masters, reboot and replace for workers, read before any status")
    void supportedActionsPerRole() {
      cluster(MAGNUM_CLUSTER_API, true);
      MagnumCloudProvider provider = provider();

      assertThat(provider.supportedActions(NodeRole.MASTER)).containsExactly(RepairAction.REBOOT);
      assertThat(provider.supportedActions(NodeRole.WORKER))
          .containsExactlyInAnyOrder(RepairAction.REBOOT, RepairAction.REPLACE);
      assertThat(heatRequests()).isEmpty();
    }

    @Test
    @DisplayName("on a Magnum before 2026.2 (no driver field) it is recognised by its stack_id kube-xxxxx")
    void recognisedByItsStackIdOnAnOlderMagnum() {
      cluster(MAGNUM_CLUSTER_API, false);
      MagnumCloudProvider provider = provider();

      assertThat(provider.supportedActions(NodeRole.WORKER))
          .containsExactlyInAnyOrder(RepairAction.REBOOT, RepairAction.REPLACE);
      assertThat(provider.clusterStatus().allowsRepair()).isTrue();
      assertThat(repair(provider, RepairAction.REPLACE, node("default-worker", 0), clock).status())
          .isEqualTo(RepairResult.Status.RETRY_LATER);
      assertThat(heatRequests()).isEmpty();
    }

    @Test
    @DisplayName("a worker without the node-group label, which Magnum lists no address for, is not touched")
    void aWorkerWithoutItsGroupIsNotTouched() {
      cluster(MAGNUM_CLUSTER_API, true);
      MagnumCloudProvider provider = provider();
      String id = openstack.serverIds(CLUSTER, "default-worker").get(0);
      NodeInfo unlabelled = Nodes.worker("worker-0").providerId("openstack:///" + id).addresses(List.of())
          .address(NodeAddress.INTERNAL_IP, openstack.server(id).orElseThrow().address())
          .labels(Map.of()).build();
      assertThat(provider.clusterStatus().allowsRepair()).isTrue();

      RepairResult r = repair(provider, RepairAction.REPLACE, unlabelled, clock);

      assertThat(r.status()).isEqualTo(RepairResult.Status.FAILED);
      assertThat(r.reason()).contains("no node group of cluster capi holds server " + id);
      assertThat(openstack.changes()).isEmpty();
    }
  }

  @Nested
  @DisplayName("magnum-capi-helm (StackHPC)")
  class CapiHelm {

    @Test
    @DisplayName("a worker replace is not supported: its resize ignores nodes_to_remove; nothing is touched")
    void refusesAWorkerReplace() {
      cluster(CAPI_HELM, true);
      MagnumCloudProvider provider = provider();
      assertThat(provider.clusterStatus().allowsRepair()).isTrue();

      RepairResult r = repair(provider, RepairAction.REPLACE, node("default-worker", 0), clock);

      assertThat(r.status()).isEqualTo(RepairResult.Status.NOT_SUPPORTED);
      assertThat(r.reason()).contains("magnum-capi-helm " + CAPI_HELM, "ignores nodes_to_remove",
          "MachineHealthCheck", "worker-0");
      assertThat(openstack.changes()).isEmpty();
      assertThat(heatRequests()).isEmpty();
    }

    @Test
    @DisplayName("supportedActions is reboot alone for both roles; a reboot goes through Nova")
    void rebootOnly() {
      cluster(CAPI_HELM, true);
      MagnumCloudProvider provider = provider();

      assertThat(provider.supportedActions(NodeRole.MASTER)).containsExactly(RepairAction.REBOOT);
      assertThat(provider.supportedActions(NodeRole.WORKER)).containsExactly(RepairAction.REBOOT);
      assertThat(provider.clusterStatus().allowsRepair()).isTrue();
      assertThat(repair(provider, RepairAction.REBOOT, node("default-master", 0), clock).status())
          .isEqualTo(RepairResult.Status.STARTED);
      assertThat(heatRequests()).isEmpty();
    }

    @Test
    @DisplayName("on a Magnum before 2026.2 it cannot be told from magnum-cluster-api, so no worker is resized")
    void unnamedOnAnOlderMagnum() {
      cluster(CAPI_HELM, false);
      MagnumCloudProvider provider = provider();
      assertThat(provider.clusterStatus().allowsRepair()).isTrue();

      RepairResult r = repair(provider, RepairAction.REPLACE, node("default-worker", 0), clock);

      assertThat(provider.supportedActions(NodeRole.WORKER)).containsExactly(RepairAction.REBOOT);
      assertThat(r.status()).isEqualTo(RepairResult.Status.NOT_SUPPORTED);
      assertThat(r.reason()).contains("a Cluster API driver", "cluster_distro ubuntu",
          "does not say which Cluster API driver", "MachineHealthCheck");
      assertThat(openstack.changes()).isEmpty();
      assertThat(heatRequests()).isEmpty();
    }
  }

  @Nested
  @DisplayName("a Heat driver's cluster")
  class Heat {

    @Test
    @DisplayName("supportedActions is reboot and replace for both roles; its template is read once")
    void rebootAndReplace() {
      openstack.createCluster(CLUSTER, 1, Map.of("default-worker", 2));
      MagnumCloudProvider provider = provider();

      assertThat(provider.supportedActions(NodeRole.MASTER))
          .containsExactlyInAnyOrder(RepairAction.REBOOT, RepairAction.REPLACE);
      assertThat(provider.supportedActions(NodeRole.WORKER))
          .containsExactlyInAnyOrder(RepairAction.REBOOT, RepairAction.REPLACE);
      provider.clusterStatus();
      clock.advance(Duration.ofMinutes(1));
      provider.clusterStatus();
      assertThat(openstack.calls()).filteredOn(c -> c.startsWith("GET /magnum/v1/clustertemplates/")).hasSize(1);
    }

    @Test
    @DisplayName("a template that cannot be read (403) leaves the stack_id to tell: a UUID is Heat's, as before")
    void aTemplateThatCannotBeReadLeavesTheStackId() {
      openstack.createCluster(CLUSTER, 1, Map.of("default-worker", 2));
      openstack.failNext("GET", "/magnum/v1/clustertemplates/.*", 403, 1);
      MagnumCloudProvider provider = provider();

      ClusterStatus status = provider.clusterStatus();

      assertThat(status.status()).as(status.reason()).isEqualTo(ClusterStatus.Status.READY);
      assertThat(provider.supportedActions(NodeRole.MASTER)).contains(RepairAction.REPLACE);
      assertThat(heatRequests()).isNotEmpty();
    }
  }

  @Nested
  @DisplayName("recognising the driver")
  class Recognising {

    static ClusterTemplate template(String distro, String driver) {
      return new ClusterTemplate("t", "kubernetes", "vm", distro, driver);
    }

    @Test
    void byTheTemplatesDriverFieldFirst() {
      assertThat(ClusterDriver.of(template("ubuntu", "k8s_cluster_api_flatcar"), "x").kind())
          .isEqualTo(ClusterDriver.Kind.MAGNUM_CLUSTER_API);
      assertThat(ClusterDriver.of(template("ubuntu", "k8s_capi_ignition_helm_v1"), "kube-abcde").kind())
          .isEqualTo(ClusterDriver.Kind.CAPI_HELM);
      assertThat(ClusterDriver.of(template("fedora-coreos", "k8s_fedora_coreos_v1"), null).kind())
          .isEqualTo(ClusterDriver.Kind.HEAT);
      ClusterDriver other = ClusterDriver.of(template("ubuntu", "k8s_someone_v1"), "x");
      assertThat(other.kind()).isEqualTo(ClusterDriver.Kind.OTHER);
      assertThat(other.actions(NodeRole.WORKER)).isEqualTo(Set.of(RepairAction.REBOOT));
      assertThat(other.toString()).startsWith("driver k8s_someone_v1 (recognised by the cluster template's driver");
    }

    @Test
    void withoutItByDistroThenStackId() {
      assertThat(ClusterDriver.of(template("fedora-coreos", null), null).kind()).isEqualTo(ClusterDriver.Kind.HEAT);
      assertThat(ClusterDriver.of(template("ubuntu", null), "kube-a1b2c").kind())
          .isEqualTo(ClusterDriver.Kind.MAGNUM_CLUSTER_API);
      assertThat(ClusterDriver.of(template("flatcar", null), "k8s-abcdefghijkl").kind())
          .isEqualTo(ClusterDriver.Kind.CLUSTER_API_UNNAMED);
      assertThat(ClusterDriver.of(null, "49dc23f5-ffc9-40c3-9d34-7be7f9e34d63").kind())
          .isEqualTo(ClusterDriver.Kind.HEAT);
      assertThat(ClusterDriver.of(null, "kube-a1b2c").kind()).isEqualTo(ClusterDriver.Kind.MAGNUM_CLUSTER_API);
      assertThat(ClusterDriver.of(null, null).kind()).isEqualTo(ClusterDriver.Kind.OTHER);
      assertThat(ClusterDriver.of(template("centos", null), "not-a-uuid").kind()).isEqualTo(ClusterDriver.Kind.OTHER);
    }
  }
}
