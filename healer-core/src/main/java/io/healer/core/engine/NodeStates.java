package io.healer.core.engine;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one holder of what the engine knows per node, and of whether it leads: each node's {@link
 * NodeRecord} (in memory, and in the {@link RepairLedger} when this instance may write), the role
 * it had when last judged, the last reason its repair was held back (so that one is reported once),
 * and which accepted repair steps already had their outcome reported.
 *
 * <p>Every stage reads and changes per-node state through this class only. A new leader reloads
 * the records from the ledger, since it continues from what the previous one wrote, not from its
 * own follower view.
 */
final class NodeStates {

  // The engine's logger: operators' log settings name the engine, not its parts.
  private static final Logger log = LoggerFactory.getLogger(HealingEngine.class);

  private final RepairLedger ledger;
  private final boolean dryRun;
  private Map<String, NodeRecord> records;
  /** The role each tracked node had when last judged, for the next due instant. */
  private final Map<String, NodeRole> roles = new HashMap<>();
  private final Map<String, String> lastSkipReason = new HashMap<>();
  /** Per node, when the accepted step whose outcome (done or failed) was reported was asked. */
  private final Map<String, Instant> outcomeReported = new HashMap<>();
  private boolean leader;
  /**
   * Since when this instance has watched the nodes: its first successful read after it started,
   * as the leader or a follower (a follower reads and judges every cycle too, it only does not
   * act). A failure the ledger does not hold began, as far as this instance can tell, no earlier
   * than this (see {@link UnhealthyTracker#track}); it is not reset when this instance takes the
   * lead, so a follower that saw a node fail repairs it as soon as it leads instead of watching its
   * whole unhealthy-duration again.
   */
  private Instant watchingSince;

  NodeStates(RepairLedger ledger, boolean dryRun) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.dryRun = dryRun;
    this.records = new HashMap<>(ledger.load());
  }

  /**
   * Takes this cycle's leadership in.
   *
   * @param leaderNow whether this instance leads now
   * @param now the cycle's start
   * @return whether it just became the leader: the records were reloaded, and the guards that
   *     outlive a process must restore their state too
   */
  boolean lead(boolean leaderNow, Instant now) {
    boolean took = leaderNow && !leader;
    if (took) {
      records = new HashMap<>(ledger.load());
      lastSkipReason.clear();
      outcomeReported.clear();
      // The previous leader watched these steps' time to recover end (or the node recover) and
      // reported their outcome; this one reports only the outcomes still open.
      records.forEach((name, record) -> {
        RepairStep step = record.lastStep();
        if (step != null && (record.healthySince() != null || !now.isBefore(step.waitUntil()))) {
          outcomeReported.put(name, step.at());
        }
      });
    }
    leader = leaderNow;
    return took;
  }

  /** Whether this instance led in its last cycle: only then it writes, reports and repairs. */
  boolean leader() {
    return leader;
  }

  /** The nodes were read: the watch starts now unless it already runs. */
  void watching(Instant now) {
    if (watchingSince == null) {
      watchingSince = now;
    }
  }

  /** Since when this instance has watched the nodes, or {@code null} before its first read. */
  Instant watchingSince() {
    return watchingSince;
  }

  /** The node's record, or {@code null} when it has none. */
  NodeRecord record(String name) {
    return records.get(name);
  }

  /** Every record by node name, unmodifiable. */
  Map<String, NodeRecord> records() {
    return Collections.unmodifiableMap(records);
  }

  /** The role the node had when last judged, or {@code null} when not judged since it was loaded. */
  NodeRole role(String name) {
    return roles.get(name);
  }

  /**
   * Updates a record in memory, and in the ledger when this instance may write.
   *
   * @param record the new record, or {@code null} to forget the node
   * @param persist whether the change goes to the ledger too (as the leader outside dry-run)
   */
  void store(String name, NodeRecord record, boolean persist) {
    NodeRecord previous = record == null ? records.remove(name) : records.put(name, record);
    if (!persist || !leader || dryRun || Objects.equals(previous, record)) {
      return;
    }
    try {
      if (record == null) {
        ledger.remove(name);
      } else {
        ledger.save(name, record);
      }
    } catch (RuntimeException e) {
      // The ledger's message says why (the API server's answer, a conflict); the trace is for -v 3.
      log.warn("could not store the record of node {}; it is kept in memory: {}", name, e.getMessage());
      log.debug("storing the record of node {} failed", name, e);
    }
  }

  /**
   * Records a repair step in the ledger before the cloud is called, then in memory.
   *
   * @throws RuntimeException when the ledger cannot store it: the cloud must not be called then
   */
  void storeBeforeCloud(String name, NodeRecord record) {
    ledger.save(name, record);
    records.put(name, record);
  }

  /** Remembers the record a node was tracked to, with the role it was judged as. */
  void tracked(NodeInfo node, NodeRecord record) {
    if (record == null) {
      roles.remove(node.name());
    } else {
      roles.put(node.name(), node.role());
    }
    store(node.name(), record, leader);
  }

  /** Drops records of nodes that are gone, or that were re-created as a new machine. */
  void forgetGone(List<NodeInfo> nodes) {
    Map<String, NodeInfo> byName = new HashMap<>();
    nodes.forEach(n -> byName.put(n.name(), n));
    for (String name : new ArrayList<>(records.keySet())) {
      NodeInfo node = byName.get(name);
      NodeRecord record = records.get(name);
      boolean replaced = node != null && record.uid() != null && node.uid().isPresent()
          && !record.uid().equals(node.uid().get());
      if (node == null || replaced) {
        log.debug("forgetting node {}: {}", name, node == null ? "it is gone" : "it is a new machine");
        store(name, null, leader);
        lastSkipReason.remove(name);
        roles.remove(name);
        outcomeReported.remove(name);
      }
    }
  }

  /**
   * Notes why the node's repair is held back now.
   *
   * @return whether that is news: another reason than the last one reported
   */
  boolean heldBecause(String name, String reason) {
    return !reason.equals(lastSkipReason.put(name, reason));
  }

  /** Forgets why the node's repair was held back: the next hold is news again. */
  void notHeld(String name) {
    lastSkipReason.remove(name);
  }

  /**
   * Claims the report of an accepted step's outcome.
   *
   * @return true the first time for this step, false when its outcome was reported already
   */
  boolean claimOutcome(String name, RepairStep step) {
    return !step.at().equals(outcomeReported.put(name, step.at()));
  }

  /** Whether the outcome of this accepted step was reported already. */
  boolean outcomeReported(String name, RepairStep step) {
    return step.at().equals(outcomeReported.get(name));
  }
}
