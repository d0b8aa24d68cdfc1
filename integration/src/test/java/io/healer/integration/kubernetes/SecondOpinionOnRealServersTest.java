package io.healer.integration.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.healer.integration.support.Wait;
import io.healer.testkit.openstack.FakeOpenStack;
import io.healer.testkit.openstack.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The second opinion (issue #16 item 3) where it touches the Kubernetes API: the daemon jar reads
 * each node's Lease in {@code kube-node-lease} and its Ready condition from the real kube-apiserver,
 * and the real node-lifecycle controller (grace period 8 s) is what turns a silent node {@code
 * Ready=Unknown}; the daemon asks the testkit's Nova ({@code hostId}, {@code host_status}, status)
 * through the Magnum provider before it repairs. The storm guard and the zone brake are off
 * (100 %) so that the rule under test is the one that decides.
 *
 * <p>Both disagreements of Ready and Lease the engine reports are made with the real controller:
 * a kubelet that renews its Lease again but posts no status stays {@code Unknown} (the controller
 * never sets Ready back, only a kubelet does), and one that posts its status but renews no Lease
 * stays {@code True} (the controller takes a status change as a heartbeat too). The second is
 * reported only on a node another check finds unhealthy, since a Ready node is not silent.
 */
@ExtendWith(RealKubernetesExtension.class)
class SecondOpinionOnRealServersTest {

  private static final Duration CONTROLLER = Duration.ofSeconds(40);
  private static final String OFF_GUARDS = "max-unhealthy-workers: 100%\nmax-unhealthy-per-zone: 100%\n";

  private final RealKubernetes cluster;
  private DaemonWorld world;

  SecondOpinionOnRealServersTest(RealKubernetes cluster) {
    this.cluster = cluster;
  }

  private DaemonWorld world(int workers) {
    try {
      world = new DaemonWorld(cluster, Files.createTempDirectory(cluster.dir(), "opinion-"), workers);
      return world;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach
  void close() {
    if (world != null) {
      world.close();
    }
  }

  @Test
  void threeSilentWorkersOnOneUpHostAreHeldAsAPartitionAndNothingIsRepaired() {
    DaemonWorld w = world(4);
    FakeOpenStack nova = w.openstack;
    for (int i = 0; i < 3; i++) {
      nova.serverHost(w.workers.get(i), "compute-a");
    }
    nova.serverHost(w.workers.get(3), "compute-b");
    w.extraConfig(OFF_GUARDS);
    w.applyAccess(UnaryOperator.identity());
    HealerDaemon daemon = w.startLeader("healer-partition");
    nova.clearRequests();

    List<String> cut = List.of("worker-0", "worker-1", "worker-2");
    cut.forEach(w.kubelets::stopHeartbeat);
    for (String node : cut) {
      Wait.until("the node-lifecycle controller marks " + node + " Ready=Unknown", CONTROLLER,
          () -> w.kubelets.condition(node, "Ready").equals("Unknown"));
    }
    for (String node : cut) {
      String held = Wait.value("healer holds " + node + " as a likely partition", Duration.ofSeconds(60),
          () -> message(node, "RepairSkipped").filter(m -> m.contains("likely network partition")));
      assertThat(held).as("the RepairSkipped Event of %s", node)
          .contains("ACTIVE on host " + FakeOpenStack.hostIdOf("compute-a") + " (host UP)")
          .contains("3 nodes on host " + FakeOpenStack.hostIdOf("compute-a") + " are silent at once")
          .contains("Ready is Unknown since")
          .contains("partition-min-silent: 3")
          // Dead kubelets, marked 8 s after their last renewal: no disagreement (once said for each).
          .doesNotContain("disagree");
    }
    assertThat(daemon.log()).contains("likely network partition");
    // The hold lasts: two more cycles pass while the three stay silent.
    double cycles = metric(daemon, "healer_cycle_seconds_count", "");
    Wait.until("two more cycles of healer", Duration.ofSeconds(30),
        () -> metric(daemon, "healer_cycle_seconds_count", "") >= cycles + 2);
    assertThat(novaActions(nova)).as("Nova actions while the partition lasts").isEmpty();
    assertThat(metric(daemon, "healer_repairs_held_total", "why=\"partition\"")).as("repairs held as a partition")
        .isGreaterThanOrEqualTo(3);

    cut.forEach(w.kubelets::resumeHeartbeat);
    for (String node : cut) {
      Wait.until("healer sees " + node + " back", Duration.ofSeconds(60),
          () -> w.eventReasons(node).contains("NodeRecovered"));
    }
    assertThat(novaActions(nova)).as("Nova actions once the heartbeats are back").isEmpty();
    assertThat(IntStream.range(0, 4).map(w::reboots).sum()).as("reboots").isZero();
    assertThat(w.eventReasons("worker-0")).doesNotContain("RepairStarted");
    System.out.printf("[second-opinion] partition: %d Nova actions, %d requests in all%n", novaActions(nova).size(),
        nova.requests().size());
  }

  @Test
  void aDeadServerIsRepairedAtOnceAndBothDisagreementsOfReadyAndLeaseAreReported() {
    Duration unhealthy = Duration.ofSeconds(45);
    DaemonWorld w = world(3);
    FakeOpenStack nova = w.openstack;
    // Three repairs at once in the one node group: none waits for another to end.
    w.extraConfig(OFF_GUARDS + "repair-dead-servers-at-once: true\nmax-repairs-in-flight-per-group: 3\n");
    w.unhealthyDuration(unhealthy.toSeconds() + "s");
    // A disk check: what makes a node whose Ready is True unhealthy, after as long as the Ready check.
    w.extraWorkerChecks("    - type: NodeCondition\n      params:\n        unhealthy-duration: " + unhealthy.toSeconds()
        + "s\n        types: [\"DiskPressure\"]\n        ok-values: [\"False\"]\n");
    w.applyAccess(UnaryOperator.identity());
    w.startLeader("healer-opinion");
    nova.clearRequests();

    // worker-0: its server was powered off; worker-1: its kubelet dies, then renews its Lease but
    // posts no status; worker-2: it posts its status but renews no Lease, and its disk fills up.
    nova.serverStatus(w.workers.get(0), "SHUTOFF");
    w.kubelets.stopHeartbeat("worker-0");
    w.kubelets.stopHeartbeat("worker-1");
    w.kubelets.statusWithoutLease("worker-2");
    w.kubelets.setCondition("worker-2", "DiskPressure", "True", "KubeletHasDiskPressure", "disk full");

    Instant marked = markedUnknown("worker-0");
    Wait.until("healer reboots worker-0's server", unhealthy, () -> w.reboots(0) == 1);
    Duration toRepair = Duration.between(marked, Instant.now());
    assertThat(toRepair).as("from the controller's mark to the reboot, unhealthy-duration %s", unhealthy)
        .isLessThan(unhealthy);
    assertThat(message("worker-0", "RepairStarted").orElseThrow()).contains("SHUTOFF")
        .contains("repair-dead-servers-at-once").doesNotContain("disagree");
    assertThat(nova.changes().stream().map(RecordedRequest::body)).anyMatch(b -> b.contains("HARD"));
    w.kubelets.resumeHeartbeat("worker-0");

    markedUnknown("worker-1");
    w.kubelets.resumeLeaseOnly("worker-1");
    assertThat(w.kubelets.condition("worker-2", "Ready")).as("Ready of a node that posts status without a Lease")
        .isEqualTo("True");

    String leaseOnly = Wait.value("healer repairs worker-1, reporting the disagreement", unhealthy.plusSeconds(30),
        () -> message("worker-1", "RepairStarted"));
    assertThat(w.kubelets.condition("worker-1", "Ready")).as("the controller never sets Ready back").isEqualTo("Unknown");
    assertThat(leaseOnly).contains("Ready and Lease disagree: Ready is Unknown but the Lease is still renewed")
        .contains("the node itself is likely at fault");
    w.kubelets.resumeHeartbeat("worker-1");

    String statusOnly = Wait.value("healer repairs worker-2, reporting the disagreement", unhealthy.plusSeconds(30),
        () -> message("worker-2", "RepairStarted"));
    assertThat(w.kubelets.condition("worker-2", "Ready")).isEqualTo("True");
    assertThat(statusOnly).contains("DiskPressure")
        .contains("Ready and Lease disagree: Ready is True but the Lease was last renewed at");
    Wait.until("worker-1's and worker-2's servers are rebooted", Duration.ofSeconds(10),
        () -> w.reboots(1) == 1 && w.reboots(2) == 1);
    assertThat(w.reboots(0)).as("worker-0: one reboot").isEqualTo(1);

    System.out.printf("[second-opinion] SHUTOFF worker repaired %d ms after Ready=Unknown (unhealthy-duration %d s)%n",
        toRepair.toMillis(), unhealthy.toSeconds());
  }

  /** Waits until the real controller marks the node Ready=Unknown; when, by the condition's transition time. */
  private Instant markedUnknown(String node) {
    return Wait.value("the node-lifecycle controller marks " + node + " Ready=Unknown", CONTROLLER, () -> {
      JsonObject status = cluster.rest().get("/api/v1/nodes/" + node).orThrow().getAsJsonObject("status");
      for (var c : status.getAsJsonArray("conditions")) {
        JsonObject condition = c.getAsJsonObject();
        if (condition.get("type").getAsString().equals("Ready") && condition.get("status").getAsString().equals("Unknown")) {
          return Optional.of(Instant.parse(condition.get("lastTransitionTime").getAsString()));
        }
      }
      return Optional.empty();
    });
  }

  /** The sum of a metric's samples whose labels include {@code label} ({@code ""}: all), from the daemon's /metrics. */
  private static double metric(HealerDaemon daemon, String name, String label) {
    return daemon.metrics().lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .filter(l -> l.contains(label)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

    /** The message of the node's newest Event with this reason, if there is one. */
  private Optional<String> message(String node, String reason) {
    JsonObject events = cluster.rest()
        .get("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3D" + node).orThrow();
    return events.getAsJsonArray("items").asList().stream().map(e -> e.getAsJsonObject())
        .filter(e -> e.get("reason").getAsString().equals(reason))
        .reduce((a, b) -> b).map(e -> e.get("message").getAsString());
  }

  /** The requests that changed a server at Nova, or the cluster at Magnum: reboots, stops, resizes. */
  private static List<String> novaActions(FakeOpenStack nova) {
    return nova.changes().stream().filter(r -> r.path().startsWith("/compute") || r.path().contains("/actions/"))
        .map(RecordedRequest::call).toList();
  }
}
