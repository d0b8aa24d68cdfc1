package io.healer.integration.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.healer.api.embedding.CycleSummary;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.Verdict;
import io.healer.api.cloud.RepairAction;
import io.healer.core.Healer;
import io.healer.core.config.HealerConfig;
import io.healer.core.engine.RepairHooks;
import io.healer.fakes.FakeCloud;
import io.healer.integration.support.Wait;
import io.healer.kubernetes.KubernetesClients;
import io.healer.kubernetes.KubernetesCluster;
import io.healer.kubernetes.KubernetesHealer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #18, 6d: healer's repair record is a JSON patch that tests the node's resourceVersion, and
 * other writers change nodes all the time. Here the real node-lifecycle controller taints a worker
 * right after healer cordons it, before healer writes the record: the write is refused (422), and
 * healer must read the node again and write the record in the same cycle, repairing once.
 */
@ExtendWith(RealKubernetesExtension.class)
class RecordUnderConcurrentWritersTest {

  private static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

  private final RealKubernetes cluster;
  private final KubeletHarness kubelets;
  private final HeldWatches watches = new HeldWatches();
  private final FakeCloud cloud = new FakeCloud().supportedActions(NodeRole.WORKER, Set.of(RepairAction.REBUILD));
  private final String node = "racer-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
  private KubernetesCluster side;
  private Healer healer;

  RecordUnderConcurrentWritersTest(RealKubernetes cluster) {
    this.cluster = cluster;
    this.kubelets = new KubeletHarness(cluster);
  }

  @BeforeEach
  void registerTheWorker() {
    kubelets.register(node, "openstack:///" + node, Map.of());
    Wait.until(node + " is Ready and untainted", Duration.ofSeconds(60),
        () -> kubelets.condition(node, "Ready").equals("True") && !kubelets.tainted(node, "node.kubernetes.io/not-ready"));
  }

  @AfterEach
  void stop() {
    watches.release();
    if (healer != null) {
      healer.close();
    }
    if (side != null) {
      side.close();
    }
    kubelets.remove(node);
    kubelets.close();
  }

  @Test
  void aControllerTaintsTheCordonedNodeBeforeTheRecordIsWrittenAndTheRecordIsStillWrittenInTheSameCycle() {
    HealerConfig config = HealerConfig.builder("race").leaderElect(false).checkDelayAfterAdd(Duration.ZERO).build();
    KubernetesClients clients = new KubernetesClients(cluster.admin(), watches.watchClient(cluster.admin()));
    side = KubernetesHealer.builder(config, clients).namespace("kube-system").identity("racer")
        .syncTimeout(Duration.ofSeconds(60)).connect();
    healer = side.wire(Healer.builder(config)).hooks(taintedRightAfterTheCordon(side.hooks()))
        .cloudProvider(cloud).executor(Runnable::run).countTimeBeforeWatching(true)
        .check(NodeRole.WORKER, "Broken", Duration.ofMinutes(5), (n, context) -> n.name().equals(node)
            ? Verdict.unhealthy("broken for this test").since(Instant.now().minus(Duration.ofHours(1)))
            : Verdict.healthy())
        .build();

    CycleSummary cycle = healer.runOnce();
    watches.release();

    assertThat(cycle.repairsRequested()).as("the record was written, so the repair started, in this cycle")
        .isEqualTo(1);
    assertThat(cloud.repairs()).singleElement().satisfies(r -> {
      assertThat(r.nodeName()).isEqualTo(node);
      assertThat(r.action()).isEqualTo(RepairAction.REBUILD);
    });
    Wait.until("the server logged a refused record write of " + node, Duration.ofSeconds(10),
        () -> new AuditLog(cluster).on("nodes", node).stream().anyMatch(e -> e.verb().equals("patch") && e.code() == 422));
    assertThat(new AuditLog(cluster).on("nodes", node)).filteredOn(e -> e.code() == 422)
        .as("one refusal, then a write on the node read again").hasSize(1);

    JsonObject stored = cluster.rest().get("/api/v1/nodes/" + node).orThrow();
    JsonObject annotations = stored.getAsJsonObject("metadata").getAsJsonObject("annotations");
    assertThat(annotations.get("healer.io/repair-action").getAsString()).isEqualTo("rebuild");
    assertThat(annotations.get("healer.io/repair-state").getAsString()).isEqualTo("started");
    assertThat(annotations.get("healer.io/cordoned-by-healer").getAsString()).isEqualTo("true");
    assertThat(stored.getAsJsonObject("spec").get("unschedulable").getAsBoolean()).isTrue();
    assertThat(kubelets.tainted(node, UNSCHEDULABLE)).as("the controller's taint is not lost").isTrue();

    Wait.until("healer's cache catches up", Duration.ofSeconds(30), () -> side.ledger().find(node)
        .map(r -> r.lastStep() != null && r.lastStep().action() == RepairAction.REBUILD).orElse(false));
    healer.runOnce();
    assertThat(cloud.repairs()).as("nothing is repeated in the next cycle").hasSize(1);
  }

  /**
   * The drain hooks cordon the worker; then, while healer's watches are held (so its cache cannot
   * see it), the real node-lifecycle controller taints the cordoned node, as it does within moments.
   */
  private RepairHooks taintedRightAfterTheCordon(RepairHooks hooks) {
    return new RepairHooks() {
      @Override
      public Readiness prepare(NodeInfo n, RepairAction action, Instant now) {
        watches.hold();
        Readiness readiness = hooks.prepare(n, action, now);
        Wait.until("the node-lifecycle controller taints the cordoned " + n.name(), Duration.ofSeconds(30),
            () -> kubelets.tainted(n.name(), UNSCHEDULABLE));
        return readiness;
      }

      @Override
      public void started(NodeInfo n, RepairAction action, Instant now) {
        hooks.started(n, action, now);
      }

      @Override
      public void recovered(NodeInfo n, Instant now) {
        hooks.recovered(n, now);
      }
    };
  }
}
