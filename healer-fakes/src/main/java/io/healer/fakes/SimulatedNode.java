package io.healer.fakes;

import io.healer.api.NodeAddress;
import io.healer.api.NodeCondition;
import io.healer.api.NodeInfo;
import io.healer.api.cloud.RepairAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One node of a {@link FakeCluster} and the machine under it: what the kubelet would report, the
 * faults that override it, and flapping. The observable Ready condition is derived from these;
 * {@link #ready} remembers it (with its transition time) between changes, because a transition time
 * is only right if it is taken when the status actually changes.
 *
 * <p>Not thread-safe: {@link FakeCluster} guards every instance with its lock.
 */
final class SimulatedNode {

  /** Identity, labels, creation time and the conditions the kubelet reports, Ready included. */
  private NodeInfo base;

  private final int generation;
  private int rebuilds;
  private final List<Fault> faults = new ArrayList<>();

  /** When the kubelet stopped posting; {@code null} while it posts. */
  private Instant stoppedAt;

  private Instant flapStart;
  private Duration flapPeriod;

  /** The observable Ready condition when not flapping; {@code null} if never reported. */
  private NodeCondition ready;

  SimulatedNode(NodeInfo node, int generation) {
    this.generation = generation;
    this.base = node;
    this.ready = node.condition("Ready").orElse(null);
    if (ready != null && ready.status().equals("Unknown")) {
      // Added dead: treat it as a kubelet death since its last heartbeat, so a repair brings it
      // back and the kubelet reports Ready again afterwards.
      faults.add(Fault.kubeletDeath());
      stoppedAt = node.heartbeatTime()
          .or(ready::lastTransitionTime)
          .orElse(node.creationTime());
      base = base.toBuilder().condition(kubeletReady(stoppedAt)).build();
    }
  }

  String name() {
    return base.name();
  }

  List<Fault> faults() {
    return List.copyOf(faults);
  }

  /** The node as the Kubernetes API would show it at {@code now}. */
  NodeInfo viewAt(Instant now) {
    NodeCondition observedReady = readyAt(now);
    List<NodeCondition> conditions = new ArrayList<>();
    for (NodeCondition c : base.conditions()) {
      if (!c.type().equals("Ready")) {
        conditions.add(c);
      } else if (observedReady != null) {
        conditions.add(observedReady);
      }
    }
    if (observedReady != null && base.condition("Ready").isEmpty()) {
      conditions.add(observedReady);
    }
    return base.toBuilder()
        .conditions(conditions)
        .heartbeatTime(stoppedAt != null ? stoppedAt : now)
        .build();
  }

  /** The observable Ready condition: faults win over flapping, flapping over the settled state. */
  NodeCondition readyAt(Instant now) {
    if (faults.isEmpty() && flapPeriod != null) {
      return flapViewAt(now);
    }
    return ready;
  }

  void addFault(Fault fault, Instant now) {
    NodeCondition before = readyAt(now);
    if (!faults.contains(fault)) {
      faults.add(fault);
    }
    settle(now, before, false);
  }

  /** Clears every fault and flapping; the kubelet posts {@code Ready=True} again. */
  void revive(Instant now) {
    NodeCondition before = readyAt(now);
    faults.clear();
    flapStart = null;
    flapPeriod = null;
    base = base.toBuilder().condition(kubeletReady(now)).build();
    settle(now, before, false);
  }

  /**
   * Reboots or rebuilds the machine: removes the faults the action fixes; the kubelet restarts and
   * reports Ready. Any condition set by hand is the kind of trouble a restart clears, so only the
   * remaining faults keep the node unhealthy. Flapping goes on: it belongs to the scenario.
   */
  void restart(RepairAction action, Instant now) {
    NodeCondition before = readyAt(now);
    faults.removeIf(f -> f.isFixedBy(action));
    NodeInfo.Builder b = base.toBuilder().condition(kubeletReady(now));
    if (action == RepairAction.REBUILD) {
      rebuilds++;
      b.machineId(Nodes.machineId(name(), generation, rebuilds));
    }
    base = b.build();
    // A machine that came back healthy went through a reboot: Ready changed even if it read True.
    settle(now, before, faults.isEmpty());
  }

  /**
   * The node after a cloud replaced its machine: a new node object under the same name, with new
   * ids, a new address, created now and healthy. Labels stay (the new machine joins the same node
   * group); annotations and cordoning belonged to the old object and are gone.
   */
  SimulatedNode replaced(Instant now) {
    int next = generation + 1;
    NodeInfo node = base.toBuilder()
        .uid(Nodes.uid(name(), next))
        .providerId(Nodes.PROVIDER_ID_PREFIX + Nodes.serverId(name(), next))
        .machineId(Nodes.machineId(name(), next))
        .addresses(List.of(
            new NodeAddress(NodeAddress.INTERNAL_IP, Nodes.internalIp(name(), next)),
            new NodeAddress("Hostname", name())))
        .annotations(Map.of())
        .unschedulable(false)
        .conditions(Nodes.healthyConditions(now))
        .creationTime(now)
        .heartbeatTime(now)
        .build();
    return new SimulatedNode(node, next);
  }

  void setCondition(String type, String status, String reason, Instant now) {
    NodeCondition before = readyAt(now);
    Optional<NodeCondition> old = base.condition(type);
    Instant since = old.filter(c -> c.status().equals(status))
        .flatMap(NodeCondition::lastTransitionTime)
        .orElse(now);
    base = base.toBuilder()
        .condition(new NodeCondition(type, status, Optional.of(since), reason, ""))
        .build();
    if (type.equals("Ready")) {
      settle(now, before, false);
    }
  }

  void flap(Duration period, Instant now) {
    flapStart = now;
    flapPeriod = period;
  }

  /** Ends flapping with {@code Ready=True}: since the last flip if it was Ready, else since now. */
  void stopFlapping(Instant now) {
    if (flapPeriod == null) {
      return;
    }
    NodeCondition last = flapViewAt(now);
    flapStart = null;
    flapPeriod = null;
    base = base.toBuilder().condition(kubeletReady(now)).build();
    if (faults.isEmpty()) {
      ready = last.status().equals("True") ? last : kubeletReady(now);
    }
  }

  /**
   * Flapping starts NotReady and flips every period, counted from the start; computed from the
   * clock so that a test can advance it by any amount.
   */
  private NodeCondition flapViewAt(Instant now) {
    Duration elapsed = Duration.between(flapStart, now);
    long flips = elapsed.isNegative() ? 0 : elapsed.dividedBy(flapPeriod);
    Instant since = flapStart.plus(flapPeriod.multipliedBy(flips));
    return flips % 2 == 0
        ? Nodes.condition("Ready", "False", since, Nodes.NOT_READY_REASON, Nodes.NOT_READY_MESSAGE)
        : kubeletReady(since);
  }

  /**
   * Recomputes the Ready condition after a change: from the worst fault, else from what the kubelet
   * reports. The transition time moves only when the status differs from what was observable
   * before, or when {@code forceTransition} says the node went through a restart.
   */
  private void settle(Instant now, NodeCondition before, boolean forceTransition) {
    Optional<Fault> stopping = faults.stream().filter(Fault::stopsKubelet).findFirst();
    Optional<Fault> worst = stopping.or(() -> faults.stream().findFirst());
    if (stopping.isPresent() && stoppedAt == null) {
      stopKubelet(now);
    } else if (stopping.isEmpty() && stoppedAt != null) {
      resumeKubelet(now);
    }
    NodeCondition raw;
    if (worst.isPresent()) {
      String status = worst.get().stopsKubelet() ? "Unknown" : "False";
      raw = Nodes.condition("Ready", status, now, worst.get().reason(), worst.get().message());
    } else {
      raw = base.condition("Ready").orElse(null);
    }
    if (raw == null) {
      ready = null;
      return;
    }
    boolean unchanged = before != null && before.status().equals(raw.status());
    Instant since = unchanged && !forceTransition
        ? before.lastTransitionTime().orElse(now)
        : now;
    ready =
        new NodeCondition("Ready", raw.status(), Optional.of(since), raw.reason(), raw.message());
  }

  /** What the node lifecycle controller does when the kubelet goes silent. */
  private void stopKubelet(Instant now) {
    stoppedAt = now;
    replaceKubeletConditions(c -> c.status().equals("Unknown")
        ? c
        : Nodes.condition(c.type(), "Unknown", now, Nodes.UNKNOWN_REASON, Nodes.UNKNOWN_MESSAGE));
  }

  /** A restarted kubelet reports its conditions afresh; those it could not report were Unknown. */
  private void resumeKubelet(Instant now) {
    stoppedAt = null;
    List<NodeCondition> healthy = Nodes.healthyConditions(now);
    replaceKubeletConditions(c -> !c.status().equals("Unknown")
        ? c
        : healthy.stream().filter(h -> h.type().equals(c.type())).findFirst().orElse(c));
  }

  private void replaceKubeletConditions(UnaryOperator<NodeCondition> change) {
    List<NodeCondition> conditions = new ArrayList<>();
    for (NodeCondition c : base.conditions()) {
      boolean owned = Nodes.KUBELET_CONDITIONS.contains(c.type()) && !c.type().equals("Ready");
      conditions.add(owned ? change.apply(c) : c);
    }
    base = base.toBuilder().conditions(conditions).build();
  }

  private static NodeCondition kubeletReady(Instant since) {
    return Nodes.condition("Ready", "True", Objects.requireNonNull(since), Nodes.READY_REASON,
        Nodes.READY_MESSAGE);
  }
}
