package io.healer.kubernetes;

import io.healer.api.NodeInfo;
import io.healer.core.engine.RepairHooks;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Taint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and removes the taint of Kubernetes' non-graceful node shutdown, {@code
 * node.kubernetes.io/out-of-service=nodeshutdown:NoExecute}: with it, the taint manager evicts the
 * node's pods, the pod garbage collector force-deletes those left Terminating, and the
 * attach-detach controller detaches their volumes without waiting for the node to unmount them.
 * The engine asks for it ({@link #fence}) only after the cloud said the node's server is off.
 *
 * <p>Both writes are JSON patches that test the resource version of a node read fresh from the API
 * server, so a taint list someone changed meanwhile is never overwritten (the write is then tried
 * again, up to three times, then next cycle). The annotation {@value #FENCED_BY} (when) marks a taint healer added: only such
 * a taint is removed, once the node is healthy again after its repair ({@link #recovered}); a node
 * that is gone took its taint with it.
 */
final class OutOfServiceTaint implements RepairHooks {

  static final String KEY = "node.kubernetes.io/out-of-service";
  static final String VALUE = "nodeshutdown";
  static final String EFFECT = "NoExecute";
  static final String FENCED_BY = RecordAnnotations.PREFIX + "fenced-at";

  /** Reads and patches per call when the node keeps changing under the patch (a kubelet's status). */
  private static final int ATTEMPTS = 3;

  private static final Logger log = LoggerFactory.getLogger(OutOfServiceTaint.class);

  private final NodeWriter writer;

  OutOfServiceTaint(NodeWriter writer) {
    this.writer = writer;
  }

  @Override
  public Readiness fence(NodeInfo node, Instant now) {
    String why = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        if (taintOnce(node.name(), now)) {
          log.info("tainted {} {}={}:{}: its server is off, so its pods and volumes may move", node.name(), KEY,
              VALUE, EFFECT);
        }
        return Readiness.ready();
      } catch (ApiException e) {
        why = ApiErrors.describe(e);
        if (!changedMeanwhile(e)) {
          break;
        }
      }
    }
    return Readiness.notYet("could not taint the node: " + why);
  }

  /** Adds the taint to the node as read now; false when it is there already. */
  private boolean taintOnce(String name, Instant now) throws ApiException {
    V1Node fresh = writer.read(name);
    List<V1Taint> taints = taints(fresh);
    if (indexOfOurs(taints) >= 0) {
      return false;
    }
    List<V1Taint> after = new ArrayList<>(taints);
    after.add(new V1Taint().key(KEY).value(VALUE).effect(EFFECT)
        .timeAdded(java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC)));
    List<Map<String, Object>> ops = new ArrayList<>();
    // The whole list, behind the resource version's test: "add" replaces it, present or not.
    ops.add(NodeWriter.op("add", "/spec/taints", after));
    if (fresh.getMetadata().getAnnotations() == null || fresh.getMetadata().getAnnotations().isEmpty()) {
      ops.add(NodeWriter.op("add", "/metadata/annotations", Map.of(FENCED_BY, now.toString())));
    } else {
      ops.add(NodeWriter.op("add", NodeWriter.annotationPath(FENCED_BY), now.toString()));
    }
    writer.patchIfUnchanged(fresh, ops);
    return true;
  }

  /** A kubelet or a controller wrote the node between the read and the patch: read it again. */
  private static boolean changedMeanwhile(ApiException e) {
    return e.getCode() == ApiErrors.CONFLICT || e.getCode() == ApiErrors.UNPROCESSABLE;
  }

  /** Removes the taint healer added, now that the node is back. */
  @Override
  public void recovered(NodeInfo node, Instant now) {
    if (!node.annotations().containsKey(FENCED_BY)) {
      return;
    }
    String why = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        if (untaintOnce(node.name())) {
          log.info("removed the taint {} from {}: it is healthy again", KEY, node.name());
        }
        return;
      } catch (ApiException e) {
        why = ApiErrors.describe(e);
        if (!changedMeanwhile(e)) {
          break;
        }
      }
    }
    // Asked again when the node next recovers; the taint is visible on the node meanwhile.
    log.warn("could not remove the taint {} from {}: {}", KEY, node.name(), why);
  }

  /** Removes healer's taint and mark from the node as read now; false when it carries no mark of healer's. */
  private boolean untaintOnce(String name) throws ApiException {
    V1Node fresh = writer.read(name);
    Map<String, String> annotations = fresh.getMetadata().getAnnotations();
    if (annotations == null || !annotations.containsKey(FENCED_BY)) {
      // Someone else's taint: an operator fenced it by hand and removes it by hand.
      return false;
    }
    List<Map<String, Object>> ops = new ArrayList<>();
    List<V1Taint> after = new ArrayList<>(taints(fresh));
    int i = indexOfOurs(after);
    if (i >= 0) {
      after.remove(i);
      ops.add(NodeWriter.op("add", "/spec/taints", after));
    }
    ops.add(NodeWriter.op("remove", NodeWriter.annotationPath(FENCED_BY), null));
    writer.patchIfUnchanged(fresh, ops);
    return true;
  }

  private static List<V1Taint> taints(V1Node node) {
    return node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
  }

  private static int indexOfOurs(List<V1Taint> taints) {
    for (int i = 0; i < taints.size(); i++) {
      if (KEY.equals(taints.get(i).getKey()) && EFFECT.equals(taints.get(i).getEffect())) {
        return i;
      }
    }
    return -1;
  }
}
