package io.healer.kubernetes;

import io.healer.api.NodeCondition;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.cloud.RepairAction;
import io.healer.core.engine.RepairHooks;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1DeleteOptions;
import io.kubernetes.client.openapi.models.V1Eviction;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cordons and drains a worker before it is rebuilt or replaced, through the Eviction API so that
 * PodDisruptionBudgets are respected, and uncordons it once it is healthy again if healer cordoned
 * it. Reboots are not drained (the Go healer reboots without a drain) and masters never are.
 *
 * <p>{@link #prepare} never blocks a cycle: it cordons, asks for the evictions, and answers "not
 * yet" until the node has no pods left; the engine asks again next cycle. DaemonSet pods, mirror
 * pods and finished pods are left, as {@code kubectl drain} leaves them. An accepted eviction (201)
 * is not a pod gone: the pod stays Terminating until its kubelet has stopped it, and the drain waits
 * for that. After {@code drain-timeout}, a node that is not Ready goes on anyway (its pods cannot
 * move: they are gone with it), and so does a Ready node whose remaining pods are all Terminating
 * past their grace periods ({@code deletionTimestamp}); a Ready node with a pod whose eviction is refused (its budget allows no disruption, or the
 * server's Status gives another reason, such as two budgets over one pod) keeps waiting, and the
 * reason names the pods and why.
 *
 * <p>State lives on the node: {@value #CORDONED_BY} (healer cordoned it, so it may uncordon; a node
 * an operator cordoned stays cordoned) and {@value #DRAIN_STARTED} (survives a restart, so the
 * timeout does not start over). Thread-safe as far as the engine needs: it calls from one thread.
 */
final class DrainHooks implements RepairHooks {

  static final String CORDONED_BY = RecordAnnotations.PREFIX + "cordoned-by-healer";
  static final String DRAIN_STARTED = RecordAnnotations.PREFIX + "drain-started-at";
  private static final String MIRROR = "kubernetes.io/config.mirror";

  private static final Logger log = LoggerFactory.getLogger(DrainHooks.class);

  private final NodeWriter writer;
  private final CoreV1Api core;
  private final Duration timeout;

  DrainHooks(NodeWriter writer, ApiClient client, Duration timeout) {
    this.writer = writer;
    this.core = new CoreV1Api(client);
    this.timeout = timeout;
  }

  @Override
  public Readiness prepare(NodeInfo node, RepairAction action, Instant now) {
    if (node.role() != NodeRole.WORKER || action == RepairAction.REBOOT) {
      return Readiness.ready();
    }
    Instant started;
    try {
      started = cordon(node, now);
    } catch (ApiException e) {
      return Readiness.notYet("could not cordon the node: " + ApiErrors.describe(e));
    }
    List<V1Pod> pods;
    try {
      pods = core.listPodForAllNamespaces().fieldSelector("spec.nodeName=" + node.name()).execute().getItems();
    } catch (ApiException e) {
      return Readiness.notYet("could not list the node's pods: " + ApiErrors.describe(e));
    }
    DrainProgress progress = new DrainProgress();
    for (V1Pod pod : pods) {
      if (evictable(pod)) {
        drain(node.name(), pod, now, progress);
      }
    }
    if (progress.left() == 0) {
      return Readiness.ready();
    }
    Duration waited = Duration.between(started, now);
    boolean ready = node.condition(NodeCondition.READY).map(NodeCondition::isTrue).orElse(false);
    if (!waited.minus(timeout).isNegative() && (!ready || progress.onlyOverdue())) {
      // Not Ready: its pods cannot move, they are gone with it. Ready with pods only Terminating past
      // their grace periods: their budgets let them go and they had their time; the kubelet is late.
      log.info("draining {} timed out after {} with {} pod(s) left; the node is {}, so the repair goes on",
          node.name(), waited, progress.left(), ready ? "Ready but its pods' grace periods are over" : "not Ready");
      // Pods are left: the engine may fence the node so that Kubernetes moves them and their volumes.
      return Readiness.readyWithPodsLeft(progress.left() + " pod(s) left after drain-timeout");
    }
    return Readiness.notYet(progress.reason(ready, timeout));
  }

  /** Evicts one pod unless it is already Terminating, and notes where it stands. */
  private void drain(String node, V1Pod pod, Instant now, DrainProgress progress) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    String id = ns + "/" + name;
    OffsetDateTime deadline = pod.getMetadata().getDeletionTimestamp();
    if (deadline != null) {
      progress.terminating(id, !now.isBefore(deadline.toInstant()));
      return;
    }
    Answer answer = evict(ns, name);
    if (answer.code() / 100 == 2) {
      // Accepted is not gone: the pod is Terminating until its kubelet stops it (never, on a dead node).
      progress.terminating(id, false);
    } else if (answer.code() == ApiErrors.NOT_FOUND) {
      log.debug("pod {} left {} before its eviction", id, node);
    } else if (answer.code() == ApiErrors.TOO_MANY_REQUESTS) {
      progress.heldByBudget(id, answer.why());
    } else {
      String why = answer.code() == 0 ? answer.why() : "HTTP " + answer.code()
          + (answer.why().isEmpty() ? "" : ": " + answer.why());
      log.warn("evicting pod {} from {} was refused: {}", id, node, why);
      progress.refused(id, why);
    }
  }

  /** The next step gets a drain of its own: forget when this one started. */
  @Override
  public void started(NodeInfo node, RepairAction action, Instant now) {
    if (node.annotations().containsKey(DRAIN_STARTED)) {
      patchQuietly(node.name(), Map.of("metadata", Map.of("annotations", nulls(DRAIN_STARTED))));
    }
  }

  /**
   * Uncordons a node healer cordoned, or the Go healer did before its reboot (which it would have
   * uncordoned itself once the node was Ready); leaves one an operator cordoned alone.
   */
  @Override
  public void recovered(NodeInfo node, Instant now) {
    Map<String, String> a = node.annotations();
    boolean ours = "true".equals(a.get(CORDONED_BY));
    boolean goCordon = !ours && writer.current(node.name()).flatMap(n -> GoHealerCordon.since(n, writer)).isPresent();
    if (ours || goCordon) {
      patchQuietly(node.name(), Map.of("spec", Map.of("unschedulable", false),
          "metadata", Map.of("annotations", nulls(CORDONED_BY, DRAIN_STARTED))));
      log.info("uncordoned {}: {} had cordoned it and it is healthy again", node.name(),
          goCordon ? "the Go magnum-auto-healer" : "healer");
    } else if (a.containsKey(DRAIN_STARTED)) {
      patchQuietly(node.name(), Map.of("metadata", Map.of("annotations", nulls(DRAIN_STARTED))));
    }
  }

  /** Cordons (once) and returns when the drain started. */
  private Instant cordon(NodeInfo node, Instant now) throws ApiException {
    Map<String, String> a = writer.current(node.name()).map(n -> n.getMetadata().getAnnotations())
        .orElse(node.annotations());
    boolean unschedulable = writer.current(node.name())
        .map(n -> n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
        .orElse(node.unschedulable());
    String started = a == null ? null : a.get(DRAIN_STARTED);
    if (started != null && unschedulable) {
      try {
        return Instant.parse(started);
      } catch (RuntimeException e) {
        // Edited by hand: start over.
      }
    }
    Map<String, Object> annotations = new HashMap<>();
    annotations.put(DRAIN_STARTED, now.toString());
    Map<String, Object> patch = new HashMap<>();
    if (!unschedulable) {
      annotations.put(CORDONED_BY, "true");
      patch.put("spec", Map.of("unschedulable", true));
      log.info("cordoned {} before its repair", node.name());
    }
    patch.put("metadata", Map.of("annotations", annotations));
    writer.mergePatch(node.name(), patch);
    return now;
  }

  /**
   * Asks the Eviction API to evict one pod. The answer is read as a Status (what the API server
   * sends: 201 Success, 429 with the budget as cause, 500 for a pod under two budgets), not through
   * client-java's generated method, which would try to read it as the Eviction it declares.
   */
  private Answer evict(String namespace, String name) {
    V1Eviction eviction = new V1Eviction().metadata(new V1ObjectMeta().name(name).namespace(namespace))
        .deleteOptions(new V1DeleteOptions());
    try (okhttp3.Response response = core.createNamespacedPodEviction(name, namespace, eviction).buildCall(null)
        .execute()) {
      String body = response.code() / 100 == 2 || response.body() == null ? null : response.body().string();
      return new Answer(response.code(), ApiErrors.statusDetail(body).orElse(""));
    } catch (ApiException | java.io.IOException e) {
      return new Answer(0, "the API server was unreachable (" + ApiErrors.describe(e) + ")");
    }
  }

  /** An eviction's HTTP status (0 when unreachable) and what its Status said, if anything. */
  private record Answer(int code, String why) {}

  private static boolean evictable(V1Pod pod) {
    V1ObjectMeta meta = pod.getMetadata();
    if (meta.getAnnotations() != null && meta.getAnnotations().containsKey(MIRROR)) {
      return false;
    }
    for (V1OwnerReference owner : meta.getOwnerReferences() == null ? List.<V1OwnerReference>of() : meta.getOwnerReferences()) {
      if ("DaemonSet".equals(owner.getKind())) {
        return false;
      }
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }

  private void patchQuietly(String node, Map<String, Object> patch) {
    try {
      writer.mergePatch(node, patch);
    } catch (ApiException e) {
      log.warn("could not update node {} after its repair: {}", node, ApiErrors.describe(e));
    }
  }

  private static Map<String, Object> nulls(String... keys) {
    Map<String, Object> m = new HashMap<>();
    for (String k : keys) {
      m.put(k, null);
    }
    return m;
  }
}
