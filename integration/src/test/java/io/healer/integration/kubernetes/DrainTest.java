package io.healer.integration.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.healer.api.NodeCondition;
import io.healer.api.cloud.RepairAction;
import io.healer.core.engine.RepairHooks;
import io.healer.core.engine.RepairHooks.Readiness;
import io.healer.fakes.ManualClock;
import io.healer.integration.support.Wait;
import io.healer.kubernetes.KubernetesHealer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * healer's drain of a worker before its rebuild, against the real API server's Eviction API and the
 * real disruption controller: the Kubernetes side exactly as the daemon builds it ({@link
 * KubernetesHealer.Builder#connect()}), its repair hooks asked as the engine asks them each cycle,
 * on a clock the test moves. The harness plays the kubelets, for nodes and for pods.
 */
@ExtendWith(RealKubernetesExtension.class)
class DrainTest {

  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration CONTROLLER = Duration.ofSeconds(60);
  private static final String WORKER = "drain-worker";
  private static final String SPARE = "drain-spare";

  private final RealKubernetes cluster;
  private HooksWorld world;
  private ManualClock clock;
  private KubeletHarness kubelets;
  private PodHarness pods;

  DrainTest(RealKubernetes cluster) {
    this.cluster = cluster;
  }

  @BeforeEach
  void world() {
    world = new HooksWorld(cluster, "drain", Map.of(WORKER, "openstack:///00000000-0000-0000-0000-0000000000d1",
        SPARE, "openstack:///00000000-0000-0000-0000-0000000000d2"), DRAIN_TIMEOUT, CONTROLLER);
    clock = world.clock;
    kubelets = world.kubelets;
    pods = world.pods;
  }

  @AfterEach
  void stop() {
    if (world != null) {
      world.close();
    }
  }

  @Test
  void evictionWaitsWhileTheBudgetIsSpentAndGoesOnOnceAnotherPodIsReadySkippingDaemonSetAndMirrorPods() {
    pods.running("web-1", WORKER, "web");
    pods.running("db-1", WORKER, "db");
    pods.running("db-2", SPARE, "db");
    pods.daemonSetPod("agent-1", WORKER, "agent");
    pods.mirrorPod("static-1", WORKER);
    pods.budget("db", "db", 2);
    awaitBudget("db", 0);

    Readiness first = prepare(WORKER);

    assertThat(first.isReady()).as("db-1 may not leave: 2 of 2 db pods must stay available").isFalse();
    assertThat(first.reason()).as("the pod and its budget, in the API server's words")
        .contains("held by a PodDisruptionBudget (" + pods.namespace() + "/db-1: ")
        .contains("The disruption budget db needs 2 healthy pods and has 2 currently");
    assertThat(cordoned(WORKER)).as("the worker is cordoned first").isTrue();
    assertThat(pods.untouched("db-1")).as("the API server refused db-1's eviction").isTrue();
    assertThat(pods.terminating("web-1")).as("web-1's eviction was accepted").isTrue();
    assertThat(pods.untouched("agent-1")).as("a DaemonSet pod is not evicted, as kubectl drain skips it").isTrue();
    assertThat(pods.untouched("static-1")).as("a mirror pod is not evicted: the API cannot move it").isTrue();
    assertThat(pods.untouched("db-2")).as("the spare's pod").isTrue();

    pods.finishTermination("web-1");
    clock.advance(Duration.ofMinutes(1));
    Readiness held = prepare(WORKER);
    assertThat(held.isReady()).as("the budget is still spent").isFalse();
    assertThat(held.reason()).contains("1 pod(s) left").contains(pods.namespace() + "/db-1");

    pods.running("db-3", SPARE, "db");
    awaitBudget("db", 1);
    clock.advance(Duration.ofMinutes(1));
    Readiness evicted = prepare(WORKER);
    assertThat(pods.terminating("db-1")).as("with a third db pod Ready, db-1's eviction is accepted").isTrue();
    assertThat(evicted.isReady()).as("db-1 is Terminating, not gone: its kubelet is still stopping it").isFalse();
    assertThat(evicted.reason()).contains("terminating").contains(pods.namespace() + "/db-1");

    pods.finishTermination("db-1");
    clock.advance(Duration.ofMinutes(1));
    assertThat(prepare(WORKER).isReady()).as("only the DaemonSet and the mirror pod are left").isTrue();
    assertThat(pods.untouched("agent-1")).isTrue();
    assertThat(pods.untouched("static-1")).isTrue();
  }

  @Test
  void aPodEvictedFromANodeThatIsNotReadyStaysTerminatingAndTheDrainWaitsForTheTimeout() {
    pods.running("web-1", WORKER, "web");
    world.silence(WORKER);

    Readiness first = prepare(WORKER);
    assertThat(pods.terminating("web-1")).as("the eviction was accepted").isTrue();
    assertThat(first.isReady()).as("an accepted eviction is not a pod gone").isFalse();
    assertThat(first.reason()).contains("terminating").contains(pods.namespace() + "/web-1");

    clock.advance(Duration.ofMinutes(5));
    assertThat(prepare(WORKER).isReady()).as("far past its grace period, no kubelet has stopped it").isFalse();
    assertThat(pods.terminating("web-1")).isTrue();

    clock.advance(DRAIN_TIMEOUT.minusMinutes(5));
    assertThat(prepare(WORKER).isReady()).as("after the drain timeout, a node that is not Ready is repaired").isTrue();
    assertThat(pods.terminating("web-1")).as("the real server keeps it Terminating: nobody finishes it").isTrue();
  }

  @Test
  void aReadyNodeWhosePodNeverFinishesTerminatingGoesOnOnlyAfterTheTimeoutAndThePodsGracePeriod() {
    pods.running("web-1", WORKER, "web");
    assertThat(prepare(WORKER).isReady()).isFalse();
    assertThat(pods.terminating("web-1")).isTrue();

    clock.advance(DRAIN_TIMEOUT.minusMinutes(1));
    Readiness stopping = prepare(WORKER);
    assertThat(stopping.isReady()).as("within the drain timeout, a Ready node's kubelet gets its time").isFalse();
    assertThat(stopping.reason()).contains("waits for them to stop");

    clock.advance(Duration.ofMinutes(2));
    assertThat(prepare(WORKER).isReady())
        .as("past the timeout and the server's deletionTimestamp (%s s after the eviction), the kubelet is late",
            PodHarness.GRACE_SECONDS)
        .isTrue();
  }

  @Test
  void aPodCoveredByTwoBudgetsIsReportedBlockedWithTheServersReasonAndAReadyNodeKeepsWaiting() {
    pods.running("shared-1", WORKER, "shared");
    pods.running("shared-2", SPARE, "shared");
    pods.budget("shared-a", "shared", 0);
    pods.budget("shared-b", "shared", 0);
    awaitBudget("shared-a", 2);
    awaitBudget("shared-b", 2);

    Readiness first = prepare(WORKER);

    assertThat(first.isReady()).isFalse();
    assertThat(first.reason()).as("the pod and why, in the API server's words")
        .contains(pods.namespace() + "/shared-1").contains("more than one PodDisruptionBudget");
    assertThat(pods.untouched("shared-1")).isTrue();

    clock.advance(DRAIN_TIMEOUT.plusMinutes(1));
    Readiness later = prepare(WORKER);
    assertThat(later.isReady()).as("a Ready node is not repaired with a pod its budgets hold").isFalse();
    assertThat(later.reason()).contains("more than one PodDisruptionBudget");
    assertThat(pods.untouched("shared-1")).isTrue();
  }

  @Test
  void aPodTheControllerMarkedNotReadyOnADeadNodeIsEvictedWhileItsBudgetIsStillMet() {
    pods.running("db-1", WORKER, "db");
    pods.running("db-2", SPARE, "db");
    pods.running("db-3", SPARE, "db");
    pods.budget("db", "db", 2);
    awaitBudget("db", 1);
    kubelets.stopHeartbeat(WORKER);
    Wait.until("the node-lifecycle controller marks db-1 on the silent node not Ready", CONTROLLER,
        () -> !pods.ready("db-1"));
    awaitBudget("db", 0);
    Wait.until("healer's cache sees the node not Ready", CONTROLLER,
        () -> !world.node(WORKER).condition(NodeCondition.READY).map(NodeCondition::isTrue).orElse(true));

    Readiness first = prepare(WORKER);

    assertThat(pods.terminating("db-1")).as("an unhealthy pod may go while its budget is met (2 of 2 healthy)")
        .isTrue();
    assertThat(first.reason()).contains("1 terminating (" + pods.namespace() + "/db-1)")
        .doesNotContain("PodDisruptionBudget");
  }

  @Test
  void aPendingPodIsEvictedThoughItsBudgetIsSpent() {
    pods.pending("db-1", WORKER, "db");
    pods.running("db-2", SPARE, "db");
    pods.budget("db", "db", 1);
    awaitBudget("db", 0);

    Readiness first = prepare(WORKER);

    assertThat(pods.terminating("db-1")).as("a pod that never started is not protected by a budget").isTrue();
    assertThat(first.reason()).contains("1 terminating (" + pods.namespace() + "/db-1)");
    pods.finishTermination("db-1");
    assertThat(prepare(WORKER).isReady()).isTrue();
  }

  /** One cycle's question to the hooks, about the node as healer's cache has it now. */
  private Readiness prepare(String name) {
    RepairHooks hooks = world.healer.hooks();
    return hooks.prepare(world.node(name), RepairAction.REBUILD, clock.instant());
  }

  private boolean cordoned(String name) {
    JsonObject spec = cluster.rest().get("/api/v1/nodes/" + name).orThrow().getAsJsonObject("spec");
    return spec.has("unschedulable") && spec.get("unschedulable").getAsBoolean();
  }

  /** Waits until the real disruption controller says the budget allows exactly this many disruptions. */
  private void awaitBudget(String name, int allowed) {
    Wait.until("the disruption controller computes " + allowed + " disruption(s) allowed for " + name, CONTROLLER,
        () -> pods.budgetStatus(name).map(s -> s.get("disruptionsAllowed").getAsInt() == allowed).orElse(false));
  }
}
