package io.healer.core.kubernetes;

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
import java.util.ArrayList;
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
 * yet" until the node has no pods left to move; the engine asks again next cycle. After {@code
 * drain-timeout}, a node that is not Ready goes on anyway (its pods cannot move: they are gone with
 * it); a Ready node whose pods a PodDisruptionBudget holds keeps waiting, and the reason says which.
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
    List<String> blocked = new ArrayList<>();
    int left = 0;
    for (V1Pod pod : pods) {
      if (!evictable(pod)) {
        continue;
      }
      left++;
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      String ns = pod.getMetadata().getNamespace();
      String name = pod.getMetadata().getName();
      int code = evict(ns, name);
      if (code / 100 == 2 || code == ApiErrors.NOT_FOUND) {
        left--;
      } else if (code == ApiErrors.TOO_MANY_REQUESTS) {
        blocked.add(ns + "/" + name);
      } else {
        log.warn("evicting pod {}/{} from {} failed: HTTP {}", ns, name, node.name(), code);
      }
    }
    if (left == 0) {
      return Readiness.ready();
    }
    Duration waited = Duration.between(started, now);
    boolean ready = node.condition(NodeCondition.READY).map(NodeCondition::isTrue).orElse(false);
    if (!waited.minus(timeout).isNegative() && !ready) {
      log.info("draining {} timed out after {} with {} pods left; the node is not Ready, so the repair goes on",
          node.name(), waited, left);
      return Readiness.ready();
    }
    String why = "draining: " + left + " pod(s) left" + (blocked.isEmpty() ? ""
        : ", " + blocked.size() + " held by a PodDisruptionBudget (" + String.join(", ", blocked.subList(0,
            Math.min(3, blocked.size()))) + (blocked.size() > 3 ? ", ..." : "") + ")")
        + (ready ? "; the node is Ready, so healer waits for the budget" : "; going on after " + timeout);
    return Readiness.notYet(why);
  }

  /** The next step gets a drain of its own: forget when this one started. */
  @Override
  public void started(NodeInfo node, RepairAction action, Instant now) {
    if (node.annotations().containsKey(DRAIN_STARTED)) {
      patchQuietly(node.name(), Map.of("metadata", Map.of("annotations", nulls(DRAIN_STARTED))));
    }
  }

  /** Uncordons a node healer cordoned; leaves one an operator cordoned alone. */
  @Override
  public void recovered(NodeInfo node, Instant now) {
    Map<String, String> a = node.annotations();
    if ("true".equals(a.get(CORDONED_BY))) {
      patchQuietly(node.name(), Map.of("spec", Map.of("unschedulable", false),
          "metadata", Map.of("annotations", nulls(CORDONED_BY, DRAIN_STARTED))));
      log.info("uncordoned {}: healer had cordoned it and it is healthy again", node.name());
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
   * Asks the Eviction API to evict one pod and returns the HTTP status (0 when unreachable). The
   * response is not parsed: the API server answers with a Status, which client-java would try to read
   * as the Eviction its generated method declares, and fail.
   */
  private int evict(String namespace, String name) {
    V1Eviction eviction = new V1Eviction().metadata(new V1ObjectMeta().name(name).namespace(namespace))
        .deleteOptions(new V1DeleteOptions());
    try (okhttp3.Response response = core.createNamespacedPodEviction(name, namespace, eviction).buildCall(null)
        .execute()) {
      return response.code();
    } catch (ApiException | java.io.IOException e) {
      log.warn("evicting pod {}/{} failed: {}", namespace, name, ApiErrors.describe(e));
      return 0;
    }
  }

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
