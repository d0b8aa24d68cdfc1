package io.healer.integration.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.RepairTarget;
import io.healer.api.cloud.ServerState;
import io.healer.provider.magnum.MagnumCloudProvider;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One contract, run against {@code FakeOpenStack} ({@link FakeOpenStackContractTest}) and the real
 * services ({@link RealOpenStackContractTest}): every case here is one where the fake once answered
 * differently from the real Keystone, Heat or Magnum, so the fake is judged by the real services
 * and the provider by both.
 */
abstract class OpenStackContract {

  /** What a contract case needs of a cloud. */
  interface Cloud {
    /** A provider logged in as the healer user, for a cluster by name. */
    MagnumCloudProvider provider(String cluster);

    /** A cluster, labelled for healing, whose stack and node groups are complete; the fake uses the real names. */
    default String cluster() {
      return RealOpenStack.CLUSTER;
    }

    /** A cluster whose Heat stack was deleted behind Magnum's back. */
    default String lostStackCluster() {
      return RealOpenStack.LOST_STACK_CLUSTER;
    }

    /** A cluster of a Cluster API driver: no Heat stack, its stack_id a Cluster API cluster's name. */
    default String clusterApiCluster() {
      return RealOpenStack.CAPI_CLUSTER;
    }

    /** The name two clusters share. */
    default String twinName() {
      return RealOpenStack.TWIN_CLUSTER;
    }

    /** A worker of {@link #cluster()} in a node group whose node_count is outside its bounds. */
    NodeInfo workerOfGroupOutsideItsBounds();

    /** Nova's status of a server. */
    String serverStatus(String serverId);

    /** The status Magnum answers to {@code GET /clusters/{cluster}} at the given microversion. */
    int magnumStatusAt(String microversion);

    /** The servers of {@link #cluster()}'s {@code default-worker} group. */
    List<String> workers();

    /** Magnum's answer to a resize of {@code default-worker} to its count, removing {@code servers}. */
    int resize(List<String> servers);

    /** Waits until Magnum shows the cluster {@code UPDATE_IN_PROGRESS}. */
    void awaitUpdating();

    /** Waits until the cluster is {@code UPDATE_COMPLETE} with none of {@code removed} left. */
    void awaitRemoved(List<String> removed);

    /** Puts a server on a compute host, as Nova's scheduler would have; {@code compute-1} is every server's first. */
    void serverHost(String serverId, String host);

    /** The project of {@link #cluster()}'s servers. */
    String projectId();

    /** Nova's answer to {@code GET /servers/{id}} as the healer user (a member) at a compute microversion. */
    Rest.Reply showServer(String serverId, String microversion);
  }

  abstract Cloud cloud();

  @Test
  @DisplayName("a complete cluster labelled auto_healing_enabled=true may be repaired")
  void labelledClusterIsReady() {
    assertThat(cloud().provider(cloud().cluster()).clusterStatus().status()).isEqualTo(ClusterStatus.Status.READY);
  }

  @Test
  @DisplayName("a Cluster API driver's cluster (template ubuntu, stack_id kube-xxxxx, no stack) is READY without Heat")
  void clusterApiCluster() {
    MagnumCloudProvider provider = cloud().provider(cloud().clusterApiCluster());
    // Heat knows no stack of that id: a read of it would be a 404 and the status UNKNOWN.
    ClusterStatus status = provider.clusterStatus();
    assertThat(status.status()).as(status.reason()).isEqualTo(ClusterStatus.Status.READY);
    assertThat(provider.supportedActions(NodeRole.MASTER)).containsExactly(RepairAction.REBOOT);
    assertThat(provider.supportedActions(NodeRole.WORKER))
        .containsExactlyInAnyOrder(RepairAction.REBOOT, RepairAction.REPLACE);
    // The Heat cluster of the same Magnum keeps both actions for masters.
    assertThat(cloud().provider(cloud().cluster()).supportedActions(NodeRole.MASTER))
        .containsExactlyInAnyOrder(RepairAction.REBOOT, RepairAction.REPLACE);
  }

  @Test
  @DisplayName("Magnum serves the provider's pinned microversion 1.10 and refuses 1.11 with 406")
  void microversions() {
    assertThat(cloud().magnumStatusAt("container-infra 1.10")).isEqualTo(200);
    assertThat(cloud().magnumStatusAt("container-infra latest")).isEqualTo(200);
    assertThat(cloud().magnumStatusAt("container-infra 1.11")).isEqualTo(406);
  }

  @Test
  @DisplayName("Nova shows the healer user (a member) hostId, the SHA-224 of project and host, at 2.1 and 2.16;"
      + " host_status not (admins only); 406 above 2.96; the provider's second opinion reads the same")
  void hostOfAServer() {
    List<String> workers = cloud().workers();
    String a = workers.get(0);
    String b = workers.get(1);
    try {
      cloud().serverHost(a, "compute-a");
      cloud().serverHost(b, "compute-b");
      String hostA = sha224(cloud().projectId() + "compute-a");
      for (String version : List.of("compute 2.1", "compute 2.16", "compute latest")) {
        Rest.Reply reply = cloud().showServer(a, version);
        assertThat(reply.status()).as(version).isEqualTo(200);
        assertThat(reply.json().path("server").path("hostId").asText()).as(version).isEqualTo(hostA);
        assertThat(reply.json().path("server").has("host_status")).as("host_status at %s, to a member", version)
            .isFalse();
      }
      assertThat(cloud().showServer(a, "compute 2.97").status()).isEqualTo(406);

      MagnumCloudProvider provider = cloud().provider(cloud().cluster());
      ServerState onA = provider.serverState(node("worker-a", a));
      ServerState onB = provider.serverState(node("worker-b", b));
      assertThat(onA.status()).as(onA.detail()).isEqualTo(ServerState.Status.ACTIVE);
      assertThat(onA.hostId()).hasValue(hostA);
      assertThat(onB.hostId()).hasValue(sha224(cloud().projectId() + "compute-b"));
      assertThat(onA.hostStatus()).as("no host_status for a member: a partition cannot be told").isEmpty();
    } finally {
      cloud().serverHost(a, "compute-1");
      cloud().serverHost(b, "compute-1");
    }
  }

  private static NodeInfo node(String name, String server) {
    return io.healer.fakes.Nodes.worker(name).providerId(io.healer.fakes.Nodes.PROVIDER_ID_PREFIX + server)
        .label(io.healer.fakes.Nodes.NODE_GROUP_LABEL, "default-worker").build();
  }

  /** Nova's hash, hex. */
  private static String sha224(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-224")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("a lost Heat stack is UNKNOWN with Heat's error.message, not its title")
  void lostStack() {
    ClusterStatus status = cloud().provider(cloud().lostStackCluster()).clusterStatus();
    assertThat(status.status()).isEqualTo(ClusterStatus.Status.UNKNOWN);
    assertThat(status.reason()).contains("404").contains("could not be found");
  }

  @Test
  @DisplayName("a resize during an update is accepted by Magnum and runs; healer's own status read holds its own back")
  void resizeDuringAnUpdate() {
    List<String> workers = cloud().workers();
    String first = workers.get(0);
    String second = workers.get(1);
    MagnumCloudProvider provider = cloud().provider(cloud().cluster());
    assertThat(cloud().resize(List.of(first))).isEqualTo(202);
    cloud().awaitUpdating();

    // Magnum would take a second resize now (below), so only healer's own read keeps it from one.
    assertThat(provider.clusterStatus().status()).isEqualTo(ClusterStatus.Status.BUSY);
    NodeInfo node = io.healer.fakes.Nodes.worker("worker-second")
        .providerId(io.healer.fakes.Nodes.PROVIDER_ID_PREFIX + second)
        .label(io.healer.fakes.Nodes.NODE_GROUP_LABEL, "default-worker").build();
    RepairResult held = provider.repair(new RepairRequest(List.of(new RepairTarget(node, RepairAction.REPLACE,
        "contract: unhealthy", 1)), Instant.now())).get(0);
    assertThat(held.status()).as(held.reason()).isEqualTo(RepairResult.Status.RETRY_LATER);
    assertThat(cloud().serverStatus(second)).isEqualTo("ACTIVE");

    assertThat(cloud().resize(List.of(second))).isEqualTo(202);
    cloud().awaitRemoved(List.of(first, second));
    assertThat(cloud().workers()).hasSize(2).doesNotContain(first, second);
  }

  @Test
  @DisplayName("a cluster Magnum does not know is UNKNOWN naming Magnum's 404, and a repair in it touches nothing")
  void unknownCluster() {
    String unknown = java.util.UUID.randomUUID().toString();
    MagnumCloudProvider provider = cloud().provider(unknown);
    ClusterStatus status = provider.clusterStatus();
    assertThat(status.status()).isEqualTo(ClusterStatus.Status.UNKNOWN);
    assertThat(status.reason()).contains("Magnum GET /clusters/" + unknown + " answered 404",
        "Cluster " + unknown + " could not be found");

    String server = cloud().workers().get(0);
    NodeInfo node = io.healer.fakes.Nodes.worker("worker-unknown")
        .providerId(io.healer.fakes.Nodes.PROVIDER_ID_PREFIX + server)
        .label(io.healer.fakes.Nodes.NODE_GROUP_LABEL, "default-worker").build();
    RepairResult result = provider.repair(new RepairRequest(List.of(new RepairTarget(node, RepairAction.REPLACE,
        "contract: unhealthy", 1)), Instant.now())).get(0);
    assertThat(result.status()).isEqualTo(RepairResult.Status.FAILED);
    assertThat(result.reason()).contains("Magnum", "404");
    assertThat(cloud().serverStatus(server)).isEqualTo("ACTIVE");
  }

  @Test
  @DisplayName("a cluster name two clusters share is UNKNOWN with Magnum's 409, never one of them")
  void sharedName() {
    ClusterStatus status = cloud().provider(cloud().twinName()).clusterStatus();
    assertThat(status.status()).isEqualTo(ClusterStatus.Status.UNKNOWN);
    assertThat(status.reason()).contains("409").contains("Multiple clusters exist with same name");
  }

  @Test
  @DisplayName("a worker of a group outside its bounds fails the repair and keeps running")
  void groupOutsideBounds() {
    NodeInfo node = cloud().workerOfGroupOutsideItsBounds();
    String server = node.providerId().orElseThrow().substring("openstack:///".length());
    List<RepairResult> results = cloud().provider(cloud().cluster()).repair(new RepairRequest(List.of(
        new RepairTarget(node, RepairAction.REPLACE, "contract: unhealthy", 1)), Instant.now()));
    assertThat(results).hasSize(1);
    assertThat(results.get(0).status()).isEqualTo(RepairResult.Status.FAILED);
    assertThat(results.get(0).reason()).contains("outside the allowed range");
    assertThat(cloud().serverStatus(server)).isEqualTo("ACTIVE");
  }
}
