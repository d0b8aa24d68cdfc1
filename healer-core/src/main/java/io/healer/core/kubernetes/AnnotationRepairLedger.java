package io.healer.core.kubernetes;

import io.healer.core.engine.NodeRecord;
import io.healer.core.engine.RepairLedger;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RepairLedger} that keeps each node's record on the node itself, as annotations under
 * {@code healer.io/} ({@link RecordAnnotations}). The record survives a restart of healer and a
 * change of leader, and travels with the node: a node deleted and re-created starts afresh.
 *
 * <p>{@link #save} is an optimistic-concurrency JSON patch: it applies only if the node is still at
 * the resource version the record was computed against, and throws otherwise, so the engine does
 * not call the cloud on a record it could not write. {@link #load} reads the informer cache; it
 * makes no API request. Thread-safe.
 */
final class AnnotationRepairLedger implements RepairLedger {

  private static final Logger log = LoggerFactory.getLogger(AnnotationRepairLedger.class);

  private final ClusterCache cache;
  private final NodeWriter writer;

  AnnotationRepairLedger(ClusterCache cache, NodeWriter writer) {
    this.cache = cache;
    this.writer = writer;
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
    V1Node node = writer.current(nodeName).orElseThrow(() -> new LedgerWriteException(
        "node " + nodeName + " is not in the cache; its record cannot be written"));
    write(node, RecordAnnotations.encode(record));
  }

  @Override
  public void remove(String nodeName) {
    Optional<V1Node> node = writer.current(nodeName);
    if (node.isEmpty() || !RecordAnnotations.present(node.get().getMetadata().getAnnotations())) {
      return;
    }
    write(node.get(), Map.of());
  }

  /** Makes the node's record keys exactly {@code wanted}, leaving every other annotation alone. */
  private void write(V1Node node, Map<String, String> wanted) {
    Map<String, String> existing = node.getMetadata().getAnnotations();
    List<Map<String, Object>> ops = new ArrayList<>();
    if (existing == null || existing.isEmpty()) {
      // A JSON patch cannot add a key to a map that does not exist (client-java shows a missing one as empty).
      ops.add(NodeWriter.op("add", "/metadata/annotations", new HashMap<String, String>()));
      existing = Map.of();
    }
    for (String key : RecordAnnotations.KEYS) {
      String value = wanted.get(key);
      if (value != null && !value.equals(existing.get(key))) {
        ops.add(NodeWriter.op("add", NodeWriter.annotationPath(key), value));
      } else if (value == null && existing.containsKey(key)) {
        ops.add(NodeWriter.op("remove", NodeWriter.annotationPath(key), null));
      }
    }
    if (ops.isEmpty()) {
      return;
    }
    String name = node.getMetadata().getName();
    try {
      writer.patchIfUnchanged(node, ops);
    } catch (ApiException e) {
      throw new LedgerWriteException("could not write the record of node " + name + " at resource version "
          + node.getMetadata().getResourceVersion() + ": " + ApiErrors.describe(e), e);
    }
  }

  private Optional<NodeRecord> decode(V1Node node) {
    Map<String, String> annotations = node.getMetadata().getAnnotations();
    if (!RecordAnnotations.present(annotations)) {
      return Optional.empty();
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
