package io.healer.core.engine;

import io.healer.api.API;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link RepairLedger} in memory: survives a new engine in the same process (tests simulate a
 * restart with it), not a new process. Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class InMemoryRepairLedger implements RepairLedger {

  private final Map<String, NodeRecord> records = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();

  @Override
  public Map<String, NodeRecord> load() {
    return Map.copyOf(records);
  }

  @Override
  public void save(String nodeName, NodeRecord record) {
    writes.incrementAndGet();
    records.put(nodeName, record);
  }

  @Override
  public void remove(String nodeName) {
    if (records.remove(nodeName) != null) {
      writes.incrementAndGet();
    }
  }

  /**
   * How many saves and removals were made: a real ledger pays an API call for each.
   *
   * @return the number of writes since this ledger was made
   */
  public int writes() {
    return writes.get();
  }
}
