package io.healer.core.engine;

import io.healer.api.API;
import java.util.Map;
import java.util.Optional;

/**
 * Where the engine keeps each node's {@link NodeRecord} so that it survives restarts and leader
 * changes. In production the records live on the nodes themselves (annotations); {@link
 * InMemoryRepairLedger} serves tests and embedders that do not need persistence.
 *
 * <p>The engine writes a record before it calls the cloud, and only when the record changed.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface RepairLedger {

  /**
   * All records, by node name; read once when the engine starts.
   *
   * @return the records by node name, never {@code null}; empty when none was saved
   */
  Map<String, NodeRecord> load();

  /**
   * Stores a node's record, replacing the previous one.
   *
   * @param nodeName the node's name, not {@code null}
   * @param record the record, not {@code null}
   * @throws RuntimeException when it cannot be stored; the engine then does not call the cloud
   */
  void save(String nodeName, NodeRecord record);

  /**
   * Forgets a node's record (recovered for long enough, or gone).
   *
   * @param nodeName the node's name; nothing happens if it has no record
   */
  void remove(String nodeName);

  /**
   * One record, if present.
   *
   * @param nodeName the node's name
   * @return the record, or empty if none was saved
   */
  default Optional<NodeRecord> find(String nodeName) {
    return Optional.ofNullable(load().get(nodeName));
  }
}
