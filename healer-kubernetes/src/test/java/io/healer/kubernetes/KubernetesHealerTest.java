package io.healer.kubernetes;

import static io.healer.kubernetes.Objects.NODES;
import static io.healer.kubernetes.Objects.NODE_LEASES;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.healer.api.embedding.HealerEvent;
import io.healer.api.embedding.HealerListener;
import io.healer.api.NodeRole;
import io.healer.api.Verdict;
import io.healer.api.check.HealthCheck;
import io.healer.api.cloud.RepairAction;
import io.healer.core.config.HealerConfig;
import io.healer.fakes.FakeCloud;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole Kubernetes side against the loopback API server: the scenarios of issue #4. */
class KubernetesHealerTest extends OnFakeApiServer {

  static final String CONTROL = "/api/v1/namespaces/kube-system/configmaps";

  final FakeCloud cloud = new FakeCloud();
  final List<HealerEvent> events = Collections.synchronizedList(new ArrayList<>());
  final List<KubernetesHealer> started = new ArrayList<>();
  final Instant sick = clock.instant().minus(Duration.ofMinutes(10));
  /** Runs inside each check, in the middle of a cycle. */
  final AtomicReference<Runnable> duringCheck = new AtomicReference<>(() -> {});

  @AfterEach
  void stop() {
    started.forEach(KubernetesHealer::close);
  }

  HealerConfig config() {
    return HealerConfig.builder("test").monitorInterval(Duration.ofMinutes(1)).build();
  }

  KubernetesHealer start(String identity) {
    HealthCheck ready = (node, context) -> {
      duringCheck.get().run();
      return node.condition("Ready").map(c -> c.isTrue() ? Verdict.healthy()
          : Verdict.unhealthy("Ready is " + c.status()).since(c.lastTransitionTime().orElse(null)))
          .orElse(Verdict.unknown("no Ready condition"));
    };
    KubernetesHealer k = KubernetesHealer.builder(config(), clients)
        .clock(clock).namespace("kube-system").identity(identity).syncTimeout(Duration.ofSeconds(10)).manual()
        .configure(b -> b.cloudProvider(cloud).executor(Runnable::run)
            .check(NodeRole.WORKER, "NodeCondition", Duration.ofMinutes(5), ready)
            .check(NodeRole.MASTER, "NodeCondition", Duration.ofMinutes(5), ready)
            .listener(new HealerListener() {
              @Override
              public void onEvent(HealerEvent event) {
                events.add(event);
              }
            }))
        .start();
    started.add(k);
    return k;
  }

  void nodes(int healthy, String... dead) {
    for (int i = 1; i <= healthy; i++) {
      server.create(NODES, Objects.node("worker-" + i, "True", sick));
      server.create(NODE_LEASES, Objects.nodeLease("worker-" + i, clock.instant()));
    }
    for (String name : dead) {
      server.create(NODES, Objects.node(name, "Unknown", sick));
    }
  }

  /**
   * The instances take part in the election (the first one leads), run a first cycle that records
   * what they see, and watch for five minutes: the dead nodes were NotReady before any healer
   * watched, so they become candidates once they have been seen that long.
   */
  void watchFiveMinutes(KubernetesHealer... healers) {
    for (KubernetesHealer h : healers) {
      h.elector().orElseThrow().step();
    }
    for (KubernetesHealer h : healers) {
      h.healer().runOnce();
    }
    clock.advance(Duration.ofMinutes(5));
    for (KubernetesHealer h : healers) {
      h.elector().orElseThrow().step();
    }
  }

  String annotation(String node, String key) {
    JsonObject a = server.get(Objects.node(node)).getAsJsonObject("metadata").getAsJsonObject("annotations");
    return a == null || !a.has(key) ? null : a.get(key).getAsString();
  }

  @Test
  void twoInstancesRaceForTheLeaseAndOnlyOneRepairs() {
    nodes(4, "dead-1");
    KubernetesHealer a = start("a");
    KubernetesHealer b = start("b");
    watchFiveMinutes(a, b);

    a.healer().runOnce();
    b.healer().runOnce();

    assertThat(a.isLeader()).isTrue();
    assertThat(b.isLeader()).isFalse();
    assertThat(cloud.repairs()).singleElement().satisfies(r -> {
      assertThat(r.nodeName()).isEqualTo("dead-1");
      assertThat(r.action()).isEqualTo(RepairAction.REBOOT);
    });
    assertThat(annotation("dead-1", "healer.io/repair-action")).isEqualTo("reboot");
    assertThat(annotation("dead-1", "healer.io/repair-state")).isEqualTo("started");
  }

  @Test
  void aLeaderThatLosesItsLeaseMidCycleStartsNoRepair() {
    nodes(4, "dead-1");
    KubernetesHealer a = start("a");
    watchFiveMinutes(a);
    // The checks take longer than the renew deadline, and the API is gone meanwhile: no renewal.
    duringCheck.set(() -> clock.advance(Duration.ofSeconds(4)));

    a.healer().runOnce();

    assertThat(a.isLeader()).isFalse();
    assertThat(cloud.repairs()).isEmpty();
    assertThat(annotation("dead-1", "healer.io/repair-action")).isNull();
  }

  @Test
  void aRestartInTheMiddleOfAnEscalationContinuesItWithoutRepeatingTheReboot() {
    nodes(4, "dead-1");
    KubernetesHealer first = start("first");
    watchFiveMinutes(first);
    first.healer().runOnce();
    assertThat(cloud.repairs()).extracting(FakeCloud.Repair::action).containsExactly(RepairAction.REBOOT);
    first.close();
    started.remove(first);

    KubernetesHealer second = start("second");
    second.elector().orElseThrow().step();
    assertThat(second.isLeader()).as("the released Lease is taken at once").isTrue();
    second.healer().runOnce();
    assertThat(cloud.repairs()).as("the reboot is not repeated").hasSize(1);

    clock.advance(Duration.ofMinutes(6));
    second.elector().orElseThrow().step();
    second.healer().runOnce();
    assertThat(cloud.repairs()).extracting(FakeCloud.Repair::action)
        .containsExactly(RepairAction.REBOOT, RepairAction.REBUILD);
    assertThat(cloud.repairs().get(1).attempt()).isEqualTo(2);
    assertThat(annotation("dead-1", "healer.io/repair-attempt")).isEqualTo("2");
    assertThat(annotation("dead-1", "healer.io/cordoned-by-healer")).as("a worker is cordoned before a rebuild")
        .isEqualTo("true");
  }

  @Test
  void thePauseSwitchTurnedOnWhileACycleRunsHoldsItsRepairs() {
    nodes(4, "dead-1");
    server.create(CONTROL, Objects.configMap("healer-control"));
    KubernetesHealer a = start("a");
    watchFiveMinutes(a);
    duringCheck.set(() -> {
      duringCheck.set(() -> {});
      server.update(CONTROL + "/healer-control", c -> Objects.annotated(c, "healer.io/paused", "true"));
      Await.until("the pause is seen", () -> a.pauseSwitch().getAsBoolean());
    });

    a.healer().runOnce();

    assertThat(cloud.repairs()).isEmpty();
    assertThat(events).anyMatch(e -> e.type() == HealerEvent.Type.REPAIR_SKIPPED
        && e.message().contains("paused"));

    server.update(CONTROL + "/healer-control", c -> {
      c.getAsJsonObject("metadata").getAsJsonObject("annotations").remove("healer.io/paused");
      return c;
    });
    Await.until("the pause is lifted", () -> !a.pauseSwitch().getAsBoolean());
    a.healer().runOnce();
    assertThat(cloud.repairs()).hasSize(1);
  }

  @Test
  void aRestartDuringAStormsCoolDownReadsItBackFromTheControlConfigMap() {
    nodes(2, "dead-1", "dead-2", "dead-3");
    KubernetesHealer first = start("first");
    Instant stormSeen = clock.instant();
    watchFiveMinutes(first);
    first.healer().runOnce();
    assertThat(cloud.repairs()).as("3 of 5 workers down is a storm").isEmpty();
    JsonObject control = server.get(CONTROL + "/healer-control");
    assertThat(control).as("created for the storm").isNotNull();
    assertThat(control.getAsJsonObject("metadata").getAsJsonObject("annotations").get("healer.io/storm-since")
        .getAsString()).isEqualTo(stormSeen.toString());

    // Two of the dead nodes are deleted: 1 of 3 is within the limit, and the cool-down begins.
    server.delete(Objects.node("dead-2"));
    server.delete(Objects.node("dead-3"));
    Await.until("the deletions are seen", () -> first.cluster().nodeSource().nodes().size() == 3);
    clock.advance(Duration.ofMinutes(1));
    first.elector().orElseThrow().step();
    first.healer().runOnce();
    Instant ended = clock.instant();
    first.close();
    started.remove(first);

    KubernetesHealer second = start("second");
    second.elector().orElseThrow().step();
    second.healer().runOnce();
    assertThat(cloud.repairs()).as("the new process keeps the cool-down").isEmpty();
    assertThat(events).anyMatch(e -> e.type() == HealerEvent.Type.REPAIR_SKIPPED
        && e.message().contains("cooling down after a storm until " + ended.plus(Duration.ofMinutes(10))));

    clock.advance(Duration.ofMinutes(10));
    second.elector().orElseThrow().step();
    second.healer().runOnce();
    assertThat(cloud.repairs()).extracting(FakeCloud.Repair::nodeName).containsExactly("dead-1");
    JsonObject after = server.get(CONTROL + "/healer-control").getAsJsonObject("metadata").getAsJsonObject("annotations");
    assertThat(after.has("healer.io/storm-ended-at")).as("cleared once the cool-down is over").isFalse();
  }

  @Test
  void writesTheDecisionsAsEventsOnTheNode() {
    nodes(4, "dead-1");
    KubernetesHealer a = start("a");
    watchFiveMinutes(a);
    a.healer().runOnce();
    a.sendEvents();

    List<String> reasons = server.list("/api/v1/namespaces/default/events").stream()
        .map(e -> e.get("reason").getAsString()).toList();
    assertThat(reasons).contains("NodeUnhealthy", "RepairStarted", "RepairSucceeded");
    assertThat(server.list("/api/v1/namespaces/default/events")).allSatisfy(e -> {
      assertThat(e.getAsJsonObject("involvedObject").get("name").getAsString()).isEqualTo("dead-1");
      assertThat(e.getAsJsonObject("source").get("component").getAsString()).isEqualTo("healer");
    });
  }

  @Test
  void steadyStateWithAThousandNodesMakesNoListAndNoWriteInAMonitorInterval() {
    nodes(1000);
    KubernetesHealer a = start("a");
    a.elector().orElseThrow().step();
    a.healer().runOnce();
    a.sendEvents();
    server.clearRequests();

    // One monitor interval (60s): one cycle, and the elector's steps every retry period (5s).
    long t0 = System.nanoTime();
    a.healer().runOnce();
    long cycleMillis = (System.nanoTime() - t0) / 1_000_000;
    List<FakeApiServer.Request> duringCycle = server.requests();
    for (int i = 0; i < 12; i++) {
      clock.advance(Duration.ofSeconds(5));
      a.elector().orElseThrow().step();
    }
    a.sendEvents();
    List<FakeApiServer.Request> all = server.requests();

    long lists = all.stream().filter(FakeApiServer.Request::isList).count();
    long nodeOrEventWrites = all.stream().filter(r -> r.isWrite() && !r.path().contains("/leases/")).count();
    long leaseWrites = all.stream().filter(r -> r.isWrite() && r.path().contains("/leases/")).count();
    long reads = all.stream().filter(r -> r.method().equals("GET")).count();
    System.out.printf("STEADY STATE, 1000 nodes, one 60s monitor interval: %d requests in total, %d during the"
        + " cycle, %d LIST, %d GET, %d node/event writes, %d Lease renewals (PUT); cycle took %d ms%n",
        all.size(), duringCycle.size(), lists, reads, nodeOrEventWrites, leaseWrites, cycleMillis);
    assertThat(duringCycle).as("a cycle reads the cache only").isEmpty();
    assertThat(lists).isZero();
    assertThat(nodeOrEventWrites).isZero();
    assertThat(leaseWrites).isEqualTo(12);
    assertThat(all).hasSize(12);
  }

  @Test
  void aReplacedNodesNodeObjectIsDeletedAfterItsDrainButARebootedOneIsKept() {
    nodes(4, "dead-1");
    cloud.supportedActions(NodeRole.WORKER, java.util.EnumSet.of(RepairAction.REPLACE));
    KubernetesHealer a = start("a");
    watchFiveMinutes(a);

    a.healer().runOnce();

    assertThat(cloud.repairs()).extracting(FakeCloud.Repair::action).containsOnly(RepairAction.REPLACE);
    assertThat(server.get(Objects.node("dead-1"))).as("replaced: deleted").isNull();
    List<String> calls = server.requests().stream().filter(FakeApiServer.Request::isWrite)
        .filter(r -> r.path().equals(Objects.node("dead-1"))).map(FakeApiServer.Request::method).toList();
    assertThat(calls).as("cordon, record, result, drain mark removed, then the delete").last().isEqualTo("DELETE");
  }

  @Test
  void aRebootedNodeIsNeverDeleted() {
    nodes(4, "dead-1");
    KubernetesHealer a = start("a");
    watchFiveMinutes(a);

    a.healer().runOnce();

    assertThat(cloud.repairs()).extracting(FakeCloud.Repair::action).containsExactly(RepairAction.REBOOT);
    assertThat(server.get(Objects.node("dead-1"))).isNotNull();
    assertThat(server.requests()).noneMatch(r -> r.method().equals("DELETE"));
  }

  @Test
  void connectGivesThePartsReadyOnceSyncedAndTheElectorRunsAndCloseReleasesTheLease() {
    nodes(2);
    KubernetesCluster cluster = KubernetesHealer.builder(config(), clients)
        .clock(clock).namespace("kube-system").identity("daemon").syncTimeout(Duration.ofSeconds(10)).connect();
    try {
      assertThat(cluster.isReady()).as("synced, and the elector runs in the background").isTrue();
      assertThat(cluster.nodeSource().nodes()).extracting(io.healer.api.NodeInfo::name)
          .containsExactlyInAnyOrder("worker-1", "worker-2");
      Await.until("the elector took the Lease", () -> cluster.leadership().getAsBoolean());
    } finally {
      cluster.close();
    }
    assertThat(cluster.isReady()).as("the elector stopped").isFalse();
    JsonObject lease = server.get("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/magnum-auto-healer");
    assertThat(lease.getAsJsonObject("spec").get("holderIdentity").getAsString()).as("released").isEmpty();
  }

  @Test
  void withoutLeaderElectionTheClusterIsReadyOnceSyncedAndAlwaysLeads() {
    nodes(1);
    HealerConfig config = HealerConfig.builder("test").leaderElect(false).build();
    try (KubernetesCluster cluster = KubernetesHealer.builder(config, clients)
        .clock(clock).namespace("kube-system").syncTimeout(Duration.ofSeconds(10)).connect()) {
      assertThat(cluster.isReady()).isTrue();
      assertThat(cluster.leadership().getAsBoolean()).isTrue();
      assertThat(cluster.elector()).isEmpty();
    }
    assertThat(server.requests()).noneMatch(r -> r.path().contains("/leases/magnum-auto-healer"));
  }
}
