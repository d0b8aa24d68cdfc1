package io.healer.kubernetes;

import io.healer.core.engine.NodeRecord;
import io.healer.core.engine.RepairLedger;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RepairLedger} that keeps each node's record on the node itself, as annotations under
 * {@code healer.io/} ({@link RecordAnnotations}). The record survives a restart of healer and a
 * change of leader, and travels with the node: a node deleted and re-created starts afresh.
 *
 * <p>{@link #save} is an optimistic-concurrency JSON patch: it applies only if the node is still at
 * the resource version the record was computed against. When another writer changed the node
 * meanwhile, the node is read again and the write retried at once; when the record itself changed
 * (another healer) or the write keeps failing, it throws, so the engine does not call the cloud on
 * a record it could not write. {@link #load} reads the informer cache; it
 * makes no API request but for a cordoned node without a record (below). A worker without a record of healer's but cordoned by the Go
 * magnum-auto-healer loads as the reboot the Go healer started ({@link GoHealerCordon}), so that a
 * switch from the Go healer in the middle of a repair does not reboot the server twice. Thread-safe.
 */
final class AnnotationRepairLedger implements RepairLedger {

  private static final Logger log = LoggerFactory.getLogger(AnnotationRepairLedger.class);
  /** Writes of one record in one cycle: a busy node may change again between a re-read and the retry. */
  private static final int WRITE_ATTEMPTS = 3;

  private final ClusterCache cache;
  private final NodeWriter writer;
  private final Duration rebootGrace;

  /**
   * @param rebootGrace rebuild-delay-after-reboot: the time a reboot the Go healer started (a
   *     worker it cordoned, see {@link GoHealerCordon}) is given before healer's next step
   */
  AnnotationRepairLedger(ClusterCache cache, NodeWriter writer, Duration rebootGrace) {
    this.cache = cache;
    this.writer = writer;
    this.rebootGrace = rebootGrace;
  }

  @Override
  public Map<String, NodeRecord> load() {
    Map<String, NodeRecord> records = new HashMap<>();
    for (V1Node cached : cache.nodes()) {
      String name = cached.getMetadata().getName();
      decode(writer.current(name).orElse(cached)).ifPresent(r -> records.put(name, r));
    }
    return records;
  }

  @Override
  public Optional<NodeRecord> find(String nodeName) {
    return writer.current(nodeName).flatMap(this::decode);
  }

  @Override
  public void save(String nodeName, NodeRecord record) {
    explained(nodeName, () -> {
      V1Node node = writer.current(nodeName).orElseThrow(() -> new LedgerWriteException(
          "node " + nodeName + " is not in the cache; its record cannot be written"));
      write(node, RecordAnnotations.encode(record));
    });
  }

  @Override
  public void remove(String nodeName) {
    explained(nodeName, () -> {
      Optional<V1Node> node = writer.current(nodeName);
      if (node.isEmpty() || !RecordAnnotations.present(node.get().getMetadata().getAnnotations())) {
        return;
      }
      write(node.get(), Map.of());
    });
  }

  /**
   * Runs a write; a failure that is not already explained (a bug, or client-java failing on an
   * answer) becomes one that names the node, the failure and where it happened, so that the log
   * says more than "NullPointerException: null".
   */
  private static void explained(String nodeName, Runnable write) {
    try {
      write.run();
    } catch (LedgerWriteException e) {
      throw e;
    } catch (RuntimeException e) {
      // Where it happened outside the JDK: the line a person (or a bug report) can act on.
      StackTraceElement at = java.util.Arrays.stream(e.getStackTrace())
          .filter(f -> !f.getClassName().startsWith("java.") && !f.getClassName().startsWith("jdk."))
          .findFirst().orElse(null);
      throw new LedgerWriteException("could not write the record of node " + nodeName + ": " + ApiErrors.describe(e)
          + (e.getMessage() == null || e.getMessage().isBlank() ? "" : " (" + e.getMessage() + ")")
          + (at == null ? "" : " at " + at.getClassName() + "." + at.getMethodName() + ":" + at.getLineNumber())
          + "; the record is kept in memory and written again on the next change", e);
    }
  }

  /**
   * Makes the node's record keys exactly {@code wanted}, leaving every other annotation alone. When
   * the node changed since {@code node} was read (a controller tainted it right after the cordon,
   * a kubelet posted its status), the write is refused (422: its resource-version test failed, or
   * 409); the node is read again and the write retried on it, in the same cycle. Only a change to
   * the record itself (another healer wrote it) or a re-created node makes the write fail.
   */
  private void write(V1Node node, Map<String, String> wanted) {
    V1Node base = node;
    for (int attempt = 1; ; attempt++) {
      List<Map<String, Object>> ops = operations(base, wanted);
      if (ops.isEmpty()) {
        return;
      }
      try {
        writer.patchIfUnchanged(base, ops);
        return;
      } catch (ApiException e) {
        boolean changed = e.getCode() == ApiErrors.UNPROCESSABLE || e.getCode() == ApiErrors.CONFLICT;
        if (!changed || attempt == WRITE_ATTEMPTS) {
          throw refused(base, e);
        }
        base = reread(base, e);
      }
    }
  }

  /** The node as it is now, if only what healer does not own changed; else the write fails. */
  private V1Node reread(V1Node base, ApiException refusal) {
    String name = base.getMetadata().getName();
    V1Node fresh;
    try {
      fresh = writer.read(name);
    } catch (ApiException e) {
      throw refused(base, e);
    }
    if (!Objects.equals(fresh.getMetadata().getUid(), base.getMetadata().getUid())) {
      throw new LedgerWriteException("node " + name + " was re-created since healer read it; its record is not"
          + " written on the new node");
    }
    if (Objects.equals(fresh.getMetadata().getResourceVersion(), base.getMetadata().getResourceVersion())) {
      // Refused although nothing changed: not a conflict, retrying would not help.
      throw refused(base, refusal);
    }
    if (!recordOf(fresh).equals(recordOf(base))) {
      throw new LedgerWriteException("the record of node " + name + " was changed by another writer since"
          + " resource version " + base.getMetadata().getResourceVersion() + " (is another healer running?);"
          + " it is not overwritten");
    }
    log.debug("node {} changed since resource version {} (another writer); writing its record on {}", name,
        base.getMetadata().getResourceVersion(), fresh.getMetadata().getResourceVersion());
    return fresh;
  }

  private static LedgerWriteException refused(V1Node base, ApiException e) {
    return new LedgerWriteException("could not write the record of node " + base.getMetadata().getName()
        + " at resource version " + base.getMetadata().getResourceVersion() + ": " + ApiErrors.describe(e), e);
  }

  /** The JSON patch operations that turn the node's record keys into {@code wanted}; none when they are. */
  private static List<Map<String, Object>> operations(V1Node node, Map<String, String> wanted) {
    Map<String, String> existing = node.getMetadata().getAnnotations();
    Map<String, String> present = existing == null ? Map.of() : existing;
    List<Map<String, Object>> ops = new ArrayList<>();
    for (String key : RecordAnnotations.KEYS) {
      String value = wanted.get(key);
      if (value != null && !value.equals(present.get(key))) {
        ops.add(NodeWriter.op("add", NodeWriter.annotationPath(key), value));
      } else if (value == null && present.containsKey(key)) {
        ops.add(NodeWriter.op("remove", NodeWriter.annotationPath(key), null));
      }
    }
    if (!ops.isEmpty() && present.isEmpty()) {
      // A JSON patch cannot add a key to a map that does not exist (client-java shows a missing one as empty).
      ops.add(0, NodeWriter.op("add", "/metadata/annotations", new HashMap<String, String>()));
    }
    return ops;
  }

  /** The node's record keys and their values. */
  private static Map<String, String> recordOf(V1Node node) {
    Map<String, String> annotations = node.getMetadata().getAnnotations();
    Map<String, String> record = new HashMap<>();
    if (annotations != null) {
      RecordAnnotations.KEYS.forEach(k -> {
        if (annotations.containsKey(k)) {
          record.put(k, annotations.get(k));
        }
      });
    }
    return record;
  }

  private Optional<NodeRecord> decode(V1Node node) {
    Map<String, String> annotations = node.getMetadata().getAnnotations();
    if (!RecordAnnotations.present(annotations)) {
      // No record of healer's: the Go healer's cordon, if any, is a reboot it started (a migration).
      Optional<NodeRecord> adopted = GoHealerCordon.since(node, writer)
          .map(at -> GoHealerCordon.record(node.getMetadata().getUid(), at, rebootGrace));
      adopted.ifPresent(r -> log.info("node {} was cordoned by the Go magnum-auto-healer at {}: its reboot is"
          + " taken as started then, and the repair goes on from there (no second reboot) after {}",
          node.getMetadata().getName(), r.lastStep().at(), r.lastStep().waitUntil()));
      return adopted;
    }
    try {
      return Optional.of(RecordAnnotations.decode(annotations));
    } catch (IllegalArgumentException e) {
      log.warn("node {} has a repair record healer cannot read; it is ignored: {}",
          node.getMetadata().getName(), e.getMessage());
      return Optional.empty();
    }
  }

  /** A record could not be written; the engine then does not call the cloud. */
  static final class LedgerWriteException extends RuntimeException {
    LedgerWriteException(String message) {
      super(message);
    }

    LedgerWriteException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
