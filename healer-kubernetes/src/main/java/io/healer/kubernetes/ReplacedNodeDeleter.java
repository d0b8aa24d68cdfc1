package io.healer.kubernetes;

import io.healer.api.NodeInfo;
import io.healer.api.cloud.RepairAction;
import io.healer.core.engine.RepairHooks;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1DeleteOptions;
import io.kubernetes.client.openapi.models.V1Preconditions;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the Node object of a node whose replacement the cloud accepted, as the Go
 * magnum-auto-healer does: the old machine is gone, and its Node would otherwise stay NotReady
 * until someone removed it. The replacement registers a Node of its own.
 *
 * <p>Only after a {@link RepairAction#REPLACE} the cloud accepted ({@link #started}; the engine
 * calls it only on success): never after a reboot or a rebuild, which keep the machine. The delete
 * carries a UID precondition, so a Node re-created under the same name in the meantime (the
 * replacement itself, say) is never deleted; a Node already gone is fine. Always on: there is no
 * config key for it, as the Go tool has none.
 */
final class ReplacedNodeDeleter implements RepairHooks {

  private static final Logger log = LoggerFactory.getLogger(ReplacedNodeDeleter.class);

  private final CoreV1Api core;

  ReplacedNodeDeleter(ApiClient client) {
    this.core = new CoreV1Api(client);
  }

  @Override
  public void started(NodeInfo node, RepairAction action, Instant now) {
    if (action != RepairAction.REPLACE) {
      return;
    }
    Optional<String> uid = node.uid();
    if (uid.isEmpty()) {
      log.warn("not deleting node {} after its replacement: its UID is unknown, so a re-created node of that"
          + " name could be hit", node.name());
      return;
    }
    int code = delete(node.name(), uid.get());
    if (code / 100 == 2) {
      log.info("deleted node {} (uid {}): the cloud is replacing its machine", node.name(), uid.get());
    } else if (code == ApiErrors.NOT_FOUND) {
      log.debug("node {} was already deleted after its replacement", node.name());
    } else if (code == ApiErrors.CONFLICT) {
      log.info("not deleting node {}: it was re-created since (its UID is no longer {})", node.name(), uid.get());
    } else {
      log.warn("could not delete node {} after its replacement: {}", node.name(),
          code == 0 ? "the API server was unreachable" : "HTTP " + code);
    }
  }

  /**
   * Sends the DELETE and returns the HTTP status (0 when unreachable). The body is not parsed: the
   * API server answers with the deleted Node, which client-java would try to read as the Status its
   * generated method declares.
   */
  private int delete(String name, String uid) {
    V1DeleteOptions options = new V1DeleteOptions().preconditions(new V1Preconditions().uid(uid));
    try (okhttp3.Response response = core.deleteNode(name).body(options).buildCall(null).execute()) {
      return response.code();
    } catch (ApiException | IOException e) {
      log.debug("deleting node {} failed: {}", name, ApiErrors.describe(e));
      return 0;
    }
  }
}
