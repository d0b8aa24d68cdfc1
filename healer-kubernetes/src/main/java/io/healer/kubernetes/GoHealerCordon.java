package io.healer.kubernetes;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.healer.api.cloud.RepairAction;
import io.healer.core.engine.NodeRecord;
import io.healer.core.engine.RepairStep;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Node;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one trace of a repair the Go magnum-auto-healer leaves on a worker: its cordon. The Go healer
 * cordons a worker ({@code spec.unschedulable}, a node update) right before it reboots the server;
 * it uncordons it once the node is Ready again, or deletes the node once it has replaced the server.
 * Its reboot history itself lives only in its memory. So a worker that is still cordoned, whose
 * {@code spec.unschedulable} field the API server's managed fields give to the manager {@value
 * #MANAGER} (the Go binary's name, which client-go sends as its User-Agent), is a worker whose
 * reboot the Go healer started at the time of that entry. A cordon by {@code kubectl} (manager
 * {@code kubectl-cordon}) or by healer is not one.
 *
 * <p>Managed fields are not in the informer cache, so a cordoned node is read once from the API
 * server; nodes that are not cordoned cost nothing.
 */
final class GoHealerCordon {

  /** The field manager the API server records for the Go healer's node updates. */
  static final String MANAGER = "magnum-auto-healer";

  private static final Logger log = LoggerFactory.getLogger(GoHealerCordon.class);

  private GoHealerCordon() {}

  /**
   * When the Go healer cordoned the node, if it is cordoned and the cordon is the Go healer's.
   *
   * @param cached the node as cached (a node not cordoned there is not read)
   * @param writer reads the node with its managed fields
   */
  static Optional<Instant> since(V1Node cached, NodeWriter writer) {
    if (cached.getSpec() == null || !Boolean.TRUE.equals(cached.getSpec().getUnschedulable())) {
      return Optional.empty();
    }
    String name = cached.getMetadata().getName();
    try {
      return since(writer.readJson(name));
    } catch (ApiException | RuntimeException e) {
      log.warn("could not read the managed fields of cordoned node {} (to tell whether the Go magnum-auto-healer"
          + " cordoned it): {}", name, ApiErrors.describe(e));
      return Optional.empty();
    }
  }

  /** When the Go healer cordoned the node given as the API server's JSON, if it did and it still is. */
  static Optional<Instant> since(JsonObject node) {
    JsonObject spec = object(node, "spec");
    JsonObject meta = object(node, "metadata");
    if (spec == null || meta == null || !spec.has("unschedulable") || !spec.get("unschedulable").getAsBoolean()
        || !meta.has("managedFields") || !meta.get("managedFields").isJsonArray()) {
      return Optional.empty();
    }
    for (JsonElement e : meta.getAsJsonArray("managedFields")) {
      JsonObject entry = e.isJsonObject() ? e.getAsJsonObject() : null;
      if (entry == null || !entry.has("manager") || !MANAGER.equals(entry.get("manager").getAsString())
          || !entry.has("time")) {
        continue;
      }
      JsonObject ownedSpec = object(object(entry, "fieldsV1"), "f:spec");
      if (ownedSpec != null && ownedSpec.has("f:unschedulable")) {
        return Optional.of(OffsetDateTime.parse(entry.get("time").getAsString()).toInstant());
      }
    }
    return Optional.empty();
  }

  /**
   * The record of the repair the Go healer started on the node: a reboot started when it cordoned
   * the node, given {@code rebootGrace} (rebuild-delay-after-reboot) to take effect, so that healer
   * goes on with the next step instead of rebooting the server a second time.
   */
  static NodeRecord record(String uid, Instant cordoned, Duration rebootGrace) {
    return NodeRecord.start(uid).withStep(new RepairStep(RepairAction.REBOOT, RepairStep.State.STARTED, cordoned,
        cordoned.plus(rebootGrace), 1));
  }

  private static JsonObject object(JsonObject parent, String key) {
    return parent != null && parent.has(key) && parent.get(key).isJsonObject() ? parent.getAsJsonObject(key) : null;
  }
}
