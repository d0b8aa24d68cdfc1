package io.healer.kubernetes;

import static io.healer.kubernetes.Objects.NODES;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.cloud.RepairAction;
import io.healer.core.engine.RepairHooks.Readiness;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DrainHooksTest extends OnFakeApiServer {

  static final String PODS = "/api/v1/namespaces/shop/pods";
  static final String BUDGETS = "/apis/policy/v1/namespaces/shop/poddisruptionbudgets";

  DrainHooks hooks;

  @BeforeEach
  void connect() throws InterruptedException {
    server.create(NODES, Objects.node("ready-1", "True", clock.instant()));
    server.create(NODES, Objects.node("dead-1", "Unknown", clock.instant()));
    server.create(PODS, Objects.pod("web-1", "ready-1", "web"));
    server.create(PODS, Objects.pod("db-1", "ready-1", "db"));
    server.create(PODS, Objects.pod("web-2", "dead-1", "web"));
    server.create(PODS, Objects.pod("elsewhere", "other-node", "web"));
    server.create(BUDGETS, Objects.budget("db", "db", 0));
    startCache();
    hooks = new DrainHooks(new NodeWriter(cache, clients.api()), clients.api(), Duration.ofMinutes(10));
  }

  NodeInfo node(String name) {
    Await.until("the cache has the latest " + name, () -> cache.node(name).isPresent());
    return NodeMapper.map(cache.node(name).orElseThrow(), null);
  }

  JsonObject stored(String name) {
    return server.get(Objects.node(name));
  }

  boolean terminating(String pod) {
    JsonObject stored = server.get(PODS + "/" + pod);
    return stored != null && stored.getAsJsonObject("metadata").has("deletionTimestamp");
  }

  @Test
  void cordonsAndEvictsThroughTheEvictionApiAndWaitsForABudgetOnAReadyNode() {
    Readiness first = hooks.prepare(node("ready-1"), RepairAction.REBUILD, clock.instant());

    assertThat(first.isReady()).isFalse();
    assertThat(first.reason()).contains("2 pod(s) left").contains("1 terminating (shop/web-1)")
        .contains("1 held by a PodDisruptionBudget (shop/db-1: Cannot evict pod as it would violate the pod's"
            + " disruption budget.: The disruption budget db needs 0 healthy pods and has 0 currently)");
    assertThat(stored("ready-1").getAsJsonObject("spec").get("unschedulable").getAsBoolean()).isTrue();
    assertThat(server.requests()).filteredOn(r -> r.method().equals("POST") && r.path().endsWith("/eviction"))
        .extracting(FakeApiServer.Request::path)
        .containsExactlyInAnyOrder(PODS + "/web-1/eviction", PODS + "/db-1/eviction");
    assertThat(terminating("web-1")).as("evicted: Terminating until its kubelet stops it").isTrue();
    assertThat(server.get(PODS + "/elsewhere")).as("another node's pod stays").isNotNull();

    server.delete(PODS + "/web-1");
    clock.advance(Duration.ofMinutes(11));
    Readiness later = hooks.prepare(node("ready-1"), RepairAction.REBUILD, clock.instant());
    assertThat(later.isReady()).as("a Ready node waits for its budget past the timeout").isFalse();
    assertThat(later.reason()).contains("1 pod(s) left").contains("waits for the budget");

    server.update(BUDGETS + "/db", b -> {
      b.getAsJsonObject("status").addProperty("disruptionsAllowed", 1);
      return b;
    });
    Readiness evicted = hooks.prepare(node("ready-1"), RepairAction.REBUILD, clock.instant());
    assertThat(evicted.isReady()).as("past the timeout, db-1 still gets its grace period").isFalse();
    assertThat(evicted.reason()).contains("1 terminating (shop/db-1)").contains("waits for them to stop");
    server.delete(PODS + "/db-1");
    assertThat(hooks.prepare(node("ready-1"), RepairAction.REBUILD, clock.instant()).isReady()).isTrue();
  }

  @Test
  void anAcceptedEvictionIsNotAPodGoneTheDrainWaitsUntilItsKubeletDeletesIt() {
    server.delete(PODS + "/db-1");
    assertThat(hooks.prepare(node("ready-1"), RepairAction.REBUILD, clock.instant()).isReady()).isFalse();
    assertThat(terminating("web-1")).isTrue();

    clock.advance(Duration.ofSeconds(10));
    Readiness stopping = hooks.prepare(node("ready-1"), RepairAction.REBUILD, clock.instant());
    assertThat(stopping.isReady()).as("web-1 is still Terminating").isFalse();
    assertThat(stopping.reason()).contains("1 terminating (shop/web-1)");
    assertThat(server.requests()).filteredOn(r -> r.path().endsWith("/eviction")).as("evicted once").hasSize(1);

    server.delete(PODS + "/web-1");
    Readiness done = hooks.prepare(node("ready-1"), RepairAction.REBUILD, clock.instant());
    assertThat(done.isReady()).isTrue();
    assertThat(done.drained()).as("every pod left: nothing to fence").isTrue();
  }

  @Test
  void aReadyNodeGoesOnAfterTheTimeoutOnlyOnceItsTerminatingPodsHadTheirGracePeriod() {
    server.delete(PODS + "/db-1");
    server.update(PODS + "/web-1", p -> {
      p.getAsJsonObject("spec").addProperty("terminationGracePeriodSeconds", 3600);
      return p;
    });
    hooks.prepare(node("ready-1"), RepairAction.REBUILD, clock.instant());

    clock.advance(Duration.ofMinutes(11));
    assertThat(hooks.prepare(node("ready-1"), RepairAction.REBUILD, clock.instant()).isReady())
        .as("past the drain timeout, within web-1's hour of grace").isFalse();
    clock.advance(Duration.ofMinutes(50));
    assertThat(hooks.prepare(node("ready-1"), RepairAction.REBUILD, clock.instant()).isReady())
        .as("its grace period is over; its kubelet is late, the repair goes on").isTrue();
    assertThat(terminating("web-1")).isTrue();
  }

  @Test
  void aDeadNodeGoesOnAfterTheDrainTimeout() {
    server.create(PODS, Objects.pod("db-2", "dead-1", "db"));
    Readiness first = hooks.prepare(node("dead-1"), RepairAction.REPLACE, clock.instant());
    assertThat(first.isReady()).isFalse();
    assertThat(first.reason()).contains("1 terminating (shop/web-2)").contains("shop/db-2");

    clock.advance(Duration.ofMinutes(9));
    assertThat(hooks.prepare(node("dead-1"), RepairAction.REPLACE, clock.instant()).isReady())
        .as("web-2 stays Terminating: no kubelet stops it").isFalse();
    clock.advance(Duration.ofMinutes(1));
    Readiness r = hooks.prepare(node("dead-1"), RepairAction.REPLACE, clock.instant());
    assertThat(r.isReady()).as("its pods cannot move: they are gone with it").isTrue();
    assertThat(terminating("web-2")).isTrue();
    assertThat(r.drained()).as("pods are left: the engine may fence the node").isFalse();
    assertThat(r.podsLeft()).contains("pod(s) left after drain-timeout");
  }

  @Test
  void aPodUnderTwoBudgetsIsHeldWithTheServersReasonNotAGenericError() {
    server.delete(PODS + "/web-1");
    server.create(BUDGETS, Objects.budget("db-too", "db", 5));

    Readiness first = hooks.prepare(node("ready-1"), RepairAction.REBUILD, clock.instant());
    assertThat(first.isReady()).isFalse();
    assertThat(first.reason()).contains("1 refused eviction (shop/db-1: HTTP 500: This pod has more than one"
        + " PodDisruptionBudget, which the eviction subresource does not support.)");

    clock.advance(Duration.ofMinutes(11));
    Readiness later = hooks.prepare(node("ready-1"), RepairAction.REBUILD, clock.instant());
    assertThat(later.isReady()).as("a Ready node waits: evicting it would break a budget").isFalse();
    assertThat(later.reason()).contains("more than one PodDisruptionBudget").contains("waits until they can be evicted");
    assertThat(server.get(PODS + "/db-1").getAsJsonObject("metadata").has("deletionTimestamp")).isFalse();
  }

  @Test
  void aPendingPodAndAPodNotReadyUnderAMetBudgetAreEvictedThoughTheBudgetIsSpent() {
    server.create(PODS, pending(Objects.pod("db-pending", "dead-1", "db")));
    server.update(PODS + "/web-2", p -> {
      p.getAsJsonObject("metadata").getAsJsonObject("labels").addProperty("app", "db");
      p.getAsJsonObject("status").getAsJsonArray("conditions").get(0).getAsJsonObject().addProperty("status", "False");
      return p;
    });
    server.update(BUDGETS + "/db", b -> {
      b.getAsJsonObject("status").addProperty("desiredHealthy", 2);
      b.getAsJsonObject("status").addProperty("currentHealthy", 2);
      return b;
    });

    Readiness first = hooks.prepare(node("dead-1"), RepairAction.REPLACE, clock.instant());

    assertThat(first.reason()).doesNotContain("PodDisruptionBudget");
    assertThat(terminating("db-pending")).as("a pod that never started is not protected by a budget").isTrue();
    assertThat(terminating("web-2")).as("a pod the node-lifecycle controller marked not Ready, budget met").isTrue();
    assertThat(server.get(BUDGETS + "/db").getAsJsonObject("status").get("disruptionsAllowed").getAsInt())
        .as("neither spent the budget").isZero();
  }

  static JsonObject pending(JsonObject pod) {
    JsonObject status = new JsonObject();
    status.addProperty("phase", "Pending");
    pod.add("status", status);
    return pod;
  }

  @Test
  void neitherARebootNorAMasterIsDrained() {
    server.clearRequests();
    assertThat(hooks.prepare(node("ready-1"), RepairAction.REBOOT, clock.instant()).isReady()).isTrue();
    NodeInfo master = node("dead-1").toBuilder().label(NodeRole.CONTROL_PLANE_LABEL, "").build();
    assertThat(hooks.prepare(master, RepairAction.REBUILD, clock.instant()).isReady()).isTrue();
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void uncordonsOnRecoveryOnlyANodeHealerCordoned() {
    hooks.prepare(node("dead-1"), RepairAction.REBUILD, clock.instant());
    Await.until("the cordon is cached", () -> node("dead-1").unschedulable());
    server.update(Objects.node("ready-1"), n -> {
      n.getAsJsonObject("spec").addProperty("unschedulable", true);
      return n;
    });
    Await.until("the operator's cordon is cached", () -> node("ready-1").unschedulable());

    hooks.recovered(node("dead-1"), clock.instant());
    hooks.recovered(node("ready-1"), clock.instant());

    assertThat(stored("dead-1").getAsJsonObject("spec").get("unschedulable").getAsBoolean()).isFalse();
    assertThat(stored("dead-1").getAsJsonObject("metadata").getAsJsonObject("annotations").keySet())
        .doesNotContain(DrainHooks.CORDONED_BY, DrainHooks.DRAIN_STARTED);
    assertThat(stored("ready-1").getAsJsonObject("spec").get("unschedulable").getAsBoolean())
        .as("an operator's cordon stays").isTrue();
  }

  @Test
  void uncordonsOnRecoveryANodeTheGoHealerCordonedBeforeItsReboot() {
    server.update(Objects.node("ready-1"), n -> Objects.cordonedBy(n, GoHealerCordon.MANAGER, clock.instant()));
    Await.until("the Go healer's cordon is cached", () -> node("ready-1").unschedulable());

    hooks.recovered(node("ready-1"), clock.instant());

    assertThat(stored("ready-1").getAsJsonObject("spec").get("unschedulable").getAsBoolean())
        .as("uncordoned, as the Go healer would have once the node was Ready").isFalse();
  }
}
