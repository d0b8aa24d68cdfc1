package io.healer.integration.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.healer.api.NodeCondition;
import io.healer.api.cloud.RepairAction;
import io.healer.core.engine.RepairHooks;
import io.healer.core.engine.RepairHooks.Readiness;
import io.healer.fakes.ManualClock;
import io.healer.integration.support.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fencing (issue #16 item 1) on the real kube-apiserver and kube-controller-manager v1.37: the
 * out-of-service taint written by healer's hooks exactly as the daemon builds them, and what the
 * real controllers do with it. The harness plays the kubelet; the engine's side (the cloud must say
 * SHUTOFF first) is FencingTest in healer-core.
 *
 * <p>Seen here: a pod evicted from a silent node stays Terminating (no kubelet finishes it) until
 * the taint, then the real pod garbage collector force-deletes it (its check runs every 20 s); the
 * VolumeAttachment of its volume is still there, because detaching it is the attach-detach
 * controller's work with a CSI driver's external-attacher, neither of which runs here (the
 * controller skips the six-minute wait for unmount when the node has the taint; that part cannot be
 * observed without them).
 */
@ExtendWith(RealKubernetesExtension.class)
class FencingTest {

  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration CONTROLLER = Duration.ofSeconds(90);
  private static final String WORKER = "fence-worker";
  private static final String TAINT = "node.kubernetes.io/out-of-service";

  private final RealKubernetes cluster;
  private HooksWorld world;
  private ManualClock clock;
  private KubeletHarness kubelets;
  private PodHarness pods;
  private String attachment;

  FencingTest(RealKubernetes cluster) {
    this.cluster = cluster;
  }

  @BeforeEach
  void world() {
    world = new HooksWorld(cluster, "fence", Map.of(WORKER, "openstack:///00000000-0000-0000-0000-0000000000f1"),
        DRAIN_TIMEOUT, CONTROLLER);
    clock = world.clock;
    kubelets = world.kubelets;
    pods = world.pods;
    attachment = "csi-fence-" + pods.namespace();
  }

  @AfterEach
  void stop() {
    if (world != null) {
      cluster.rest().delete("/apis/storage.k8s.io/v1/volumeattachments/" + attachment, null);
      world.close();
    }
  }

  @Test
  void theTaintLetsTheRealPodGarbageCollectorDeleteAPodStuckTerminatingAndIsRemovedWhenTheNodeIsBack() {
    pods.runningWithClaim("db-0", WORKER, "db", "data-db-0");
    createVolumeAttachment("pv-data-db-0");
    world.silence(WORKER);

    RepairHooks hooks = world.healer.hooks();
    Readiness first = hooks.prepare(world.node(WORKER), RepairAction.REPLACE, clock.instant());
    assertThat(first.isReady()).isFalse();
    assertThat(pods.terminating("db-0")).as("the eviction was accepted; no kubelet finishes it").isTrue();
    clock.advance(DRAIN_TIMEOUT);
    Readiness timedOut = hooks.prepare(world.node(WORKER), RepairAction.REPLACE, clock.instant());
    assertThat(timedOut.isReady()).isTrue();
    assertThat(timedOut.drained()).as("the drain could not finish: the engine fences").isFalse();
    assertThat(kubelets.tainted(WORKER, TAINT)).as("nothing is tainted before the engine asks").isFalse();
    // Without the taint the pod GC leaves it: two of its 20 s periods pass with db-0 still Terminating.
    staysTerminatingFor("db-0", Duration.ofSeconds(45));

    // The engine asks once the cloud reported the server SHUTOFF.
    Readiness fenced = hooks.fence(world.node(WORKER), clock.instant());

    assertThat(fenced.isReady()).as(fenced.toString()).isTrue();
    JsonObject taint = taint(WORKER);
    assertThat(taint.get("value").getAsString()).isEqualTo("nodeshutdown");
    assertThat(taint.get("effect").getAsString()).isEqualTo("NoExecute");
    Wait.until("the real pod garbage collector force-deletes db-0 (node NotReady and out of service)", CONTROLLER,
        () -> pods.get("db-0").isEmpty());
    assertThat(cluster.rest().get("/apis/storage.k8s.io/v1/volumeattachments/" + attachment).ok())
        .as("no attach-detach controller nor CSI external-attacher runs here to detach it").isTrue();

    kubelets.resumeHeartbeat(WORKER);
    Wait.until(WORKER + " is Ready again", CONTROLLER, () -> kubelets.condition(WORKER, "Ready").equals("True"));
    Wait.until("healer's cache sees it Ready", CONTROLLER,
        () -> world.node(WORKER).condition(NodeCondition.READY).map(NodeCondition::isTrue).orElse(false));
    hooks.recovered(world.node(WORKER), clock.instant());
    assertThat(kubelets.tainted(WORKER, TAINT)).as("healer removes the taint it added once the node is back")
        .isFalse();
  }

  /** Asserts that the pod is still Terminating after {@code time} (a negative takes time to show). */
  private void staysTerminatingFor(String pod, Duration time) {
    Instant until = Instant.now().plus(time);
    Wait.until(pod + " stays Terminating for " + time, time.plusSeconds(15),
        () -> !Instant.now().isBefore(until) || !pods.terminating(pod));
    assertThat(pods.terminating(pod)).as(pod + " is still Terminating without the taint").isTrue();
  }

  private JsonObject taint(String name) {
    return kubelets.taint(name, TAINT).orElseThrow(() -> new AssertionError(name + " has no " + TAINT + " taint"));
  }

  /** The VolumeAttachment the attach-detach controller would have made for the pod's volume, attached. */
  private void createVolumeAttachment(String persistentVolume) {
    JsonObject va = new JsonObject();
    va.addProperty("apiVersion", "storage.k8s.io/v1");
    va.addProperty("kind", "VolumeAttachment");
    JsonObject meta = new JsonObject();
    meta.addProperty("name", attachment);
    va.add("metadata", meta);
    JsonObject source = new JsonObject();
    source.addProperty("persistentVolumeName", persistentVolume);
    JsonObject spec = new JsonObject();
    spec.addProperty("attacher", "cinder.csi.openstack.org");
    spec.addProperty("nodeName", WORKER);
    spec.add("source", source);
    va.add("spec", spec);
    cluster.rest().post("/apis/storage.k8s.io/v1/volumeattachments", va).orThrow();
  }
}
