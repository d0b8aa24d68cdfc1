package io.healer.fakes;

import io.healer.api.API;
import io.healer.api.NodeInfo;
import io.healer.api.embedding.NodeSource;
import io.healer.api.embedding.NodeSourceUnavailableException;
import io.healer.api.cloud.RepairAction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * An in-memory Kubernetes cluster for tests: nodes that a test breaks and mends, read by the engine
 * as its {@link NodeSource}. Time comes from a {@link Clock}, usually a {@link ManualClock};
 * whatever depends on time (heartbeats, flapping, repairs that finish later) is computed from the
 * clock when the cluster is read, so advancing the clock is all a test does to let time pass.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * FakeCluster cluster = new FakeCluster(clock);
 * cluster.addMaster("master-0");
 * cluster.addWorker("worker-0");
 * cluster.killKubelet("worker-0");                 // Ready=Unknown from now on
 * clock.advance(Duration.ofMinutes(5));
 * assertThat(cluster.node("worker-0").condition("Ready"))
 *     .map(NodeCondition::status).hasValue("Unknown");
 * cluster.rebootMachine("worker-0");               // what a cloud's reboot does: Ready=True again
 * }</pre>
 *
 * <p><b>What a node shows.</b> A node's Ready condition is derived from its {@linkplain
 * #fault(String, Fault) faults}: a fault that stops the kubelet makes the kubelet's conditions
 * {@code Unknown} (reason {@code NodeStatusUnknown}) and freezes the heartbeat; other faults make
 * {@code Ready=False}. Without faults a {@linkplain #flap flapping} node alternates, and otherwise
 * the node shows what the kubelet reports ({@code Ready=True}, or what {@link #setCondition} set).
 * A live kubelet's heartbeat is the time of reading. Transition times are the instants the status
 * changed.
 *
 * <p><b>Repairs.</b> {@link #rebootMachine}, {@link #rebuildMachine} and {@link #replaceMachine} do
 * what a cloud's repair does to the machine; a {@link FakeCloud} {@linkplain FakeCloud#connectedTo
 * connected} to this cluster calls them via {@link #schedule} when its repairs finish.
 *
 * <p><b>Thread-safety.</b> All methods are thread-safe: they hold one lock, and apply the
 * {@linkplain #schedule scheduled effects} that are due before doing anything else. An unknown node
 * name is a mistake in the test and throws {@link IllegalArgumentException} naming the known nodes.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FakeCluster implements NodeSource {

  /**
   * How old {@link #addMaster} and {@link #addWorker} make a node: one day, past any {@code
   * check-delay-after-add}, as in a cluster that has been running for a while.
   */
  public static final Duration ESTABLISHED_AGE = Duration.ofDays(1);

  private final Object lock = new Object();
  private final Clock clock;
  private final Map<String, SimulatedNode> nodes = new TreeMap<>();
  private final PriorityQueue<Effect> effects =
      new PriorityQueue<>(Comparator.comparing(Effect::at).thenComparingLong(Effect::order));
  private long scheduled;
  private boolean apiUnavailable;
  private boolean applyingEffects;

  /** The time an effect takes place at while it runs, so its changes carry that time. */
  private Instant effectTime;

  /**
   * An empty cluster on the given clock.
   *
   * @param clock where the cluster reads "now", not {@code null}; usually a {@link ManualClock}
   */
  public FakeCluster(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The clock this cluster reads "now" from.
   *
   * @return the clock given to the constructor, never {@code null}
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Adds a healthy, established master ({@link Nodes#master(String, Instant)}, created {@link
   * #ESTABLISHED_AGE} ago).
   *
   * @param name the node name, not already in the cluster
   * @return the node as the cluster shows it now
   */
  public NodeInfo addMaster(String name) {
    return add(Nodes.master(name, clock.instant().minus(ESTABLISHED_AGE)).build());
  }

  /**
   * Adds a healthy, established worker ({@link Nodes#worker(String, Instant)}, created {@link
   * #ESTABLISHED_AGE} ago).
   *
   * @param name the node name, not already in the cluster
   * @return the node as the cluster shows it now
   */
  public NodeInfo addWorker(String name) {
    return add(Nodes.worker(name, clock.instant().minus(ESTABLISHED_AGE)).build());
  }

  /**
   * Adds a node as given, for example one built with {@link Nodes}. A node whose Ready condition is
   * {@code Unknown} counts as having had its kubelet die at its heartbeat time (a {@link
   * Fault#kubeletDeath()}); any other Ready status is what its kubelet reports.
   *
   * @param node the node, whose name is not already in the cluster
   * @return the node as the cluster shows it now (heartbeat now, if its kubelet is alive)
   */
  public NodeInfo add(NodeInfo node) {
    Objects.requireNonNull(node, "node");
    synchronized (lock) {
      applyDueEffects();
      if (nodes.containsKey(node.name())) {
        throw new IllegalArgumentException("the fake cluster already has a node " + node.name());
      }
      SimulatedNode added = new SimulatedNode(node, 0);
      nodes.put(node.name(), added);
      return added.viewAt(now());
    }
  }

  /**
   * Deletes the node object, as {@code kubectl delete node} or a scale-down does.
   *
   * @param name a node in the cluster
   */
  public void remove(String name) {
    synchronized (lock) {
      applyDueEffects();
      existing(name);
      nodes.remove(name);
    }
  }

  /**
   * Whether a node of that name is in the cluster.
   *
   * @param name the node name
   * @return whether it is there
   */
  public boolean contains(String name) {
    synchronized (lock) {
      applyDueEffects();
      return nodes.containsKey(name);
    }
  }

  /**
   * One node as it is now; for the test's assertions, so it answers even while the API is
   * {@linkplain #apiUnavailable unavailable}.
   *
   * @param name a node in the cluster
   * @return the node now
   */
  public NodeInfo node(String name) {
    synchronized (lock) {
      applyDueEffects();
      return existing(name).viewAt(now());
    }
  }

  /**
   * All nodes as they are now, in name order: what the engine reads.
   *
   * @return an immutable snapshot
   * @throws NodeSourceUnavailableException while {@link #apiUnavailable(boolean)} is on
   */
  @Override
  public List<NodeInfo> nodes() {
    synchronized (lock) {
      applyDueEffects();
      if (apiUnavailable) {
        throw new NodeSourceUnavailableException(
            "the fake cluster's API is unavailable (FakeCluster.apiUnavailable(true))");
      }
      Instant now = now();
      List<NodeInfo> view = new ArrayList<>(nodes.size());
      nodes.values().forEach(n -> view.add(n.viewAt(now)));
      return List.copyOf(view);
    }
  }

  /**
   * Makes the Kubernetes API unreachable for {@link #nodes()} (which then throws {@link
   * NodeSourceUnavailableException}) or reachable again. Nodes go on living meanwhile.
   *
   * @param unavailable whether the API is down
   */
  public void apiUnavailable(boolean unavailable) {
    synchronized (lock) {
      applyDueEffects();
      apiUnavailable = unavailable;
    }
  }

  /**
   * Breaks the node's machine. The fault stays until a repair action that {@linkplain
   * Fault#isFixedBy fixes} it reaches the machine, or until {@link #revive}. Adding a fault the
   * node already has changes nothing.
   *
   * @param name a node in the cluster
   * @param fault what breaks, not {@code null}
   */
  public void fault(String name, Fault fault) {
    Objects.requireNonNull(fault, "fault");
    synchronized (lock) {
      applyDueEffects();
      existing(name).addFault(fault, now());
    }
  }

  /**
   * The node's current faults, oldest first.
   *
   * @param name a node in the cluster
   * @return an immutable list, empty for a sound machine
   */
  public List<Fault> faults(String name) {
    synchronized (lock) {
      applyDueEffects();
      return existing(name).faults();
    }
  }

  /**
   * The kubelet dies ({@code fault(name, Fault.kubeletDeath())}): from now on the node's Ready is
   * {@code Unknown} with reason {@code NodeStatusUnknown} and message "Kubelet stopped posting node
   * status.", as the node lifecycle controller sets it, and the heartbeat stops. Any repair action
   * brings it back.
   *
   * @param name a node in the cluster
   */
  public void killKubelet(String name) {
    fault(name, Fault.kubeletDeath());
  }

  /**
   * Makes the node healthy again without a repair: clears every fault and flapping; Ready is {@code
   * True} (transitioned now if it was not) and the heartbeat resumes.
   *
   * @param name a node in the cluster
   */
  public void revive(String name) {
    synchronized (lock) {
      applyDueEffects();
      existing(name).revive(now());
    }
  }

  /**
   * Sets a condition as the kubelet would report it; its transition time is now if the status
   * changed. {@code Ready} set this way shows only while the node has no fault and is not flapping,
   * and a reboot or rebuild resets it to {@code True}: to make a node need a particular repair, use
   * {@link #fault} instead.
   *
   * @param name a node in the cluster
   * @param type the condition type, such as {@code Ready} or {@code DiskPressure}
   * @param status {@code True}, {@code False} or {@code Unknown}
   * @param reason the machine-readable reason, possibly empty
   */
  public void setCondition(String name, String type, String status, String reason) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    synchronized (lock) {
      applyDueEffects();
      existing(name).setCondition(type, status, reason == null ? "" : reason, now());
    }
  }

  /**
   * Starts flapping: the node turns {@code Ready=False} now and flips between False and True every
   * {@code period} of clock time, until {@link #stopFlapping} or {@link #revive}. The kubelet keeps
   * posting, and a fault overrides the flapping while it lasts; repairs do not stop it.
   *
   * @param name a node in the cluster
   * @param period how long each NotReady and each Ready phase lasts, positive
   */
  public void flap(String name, Duration period) {
    Objects.requireNonNull(period, "period");
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("a flapping period must be positive, was " + period);
    }
    synchronized (lock) {
      applyDueEffects();
      existing(name).flap(period, now());
    }
  }

  /**
   * Stops flapping and leaves the node {@code Ready=True}: since its last flip if that was to
   * Ready, since now otherwise. Does nothing if the node is not flapping.
   *
   * @param name a node in the cluster
   */
  public void stopFlapping(String name) {
    synchronized (lock) {
      applyDueEffects();
      existing(name).stopFlapping(now());
    }
  }

  /**
   * What a cloud's reboot does to the machine: removes the faults a {@link RepairAction#REBOOT}
   * fixes; the node keeps its uid and provider id. If no fault is left the node is {@code
   * Ready=True} transitioned now and its heartbeat resumes; otherwise it still shows the remaining
   * fault.
   *
   * @param name a node in the cluster
   */
  public void rebootMachine(String name) {
    repairMachine(name, RepairAction.REBOOT);
  }

  /**
   * What a cloud's rebuild (reinstall from the image) does: like {@link #rebootMachine} for the
   * faults a {@link RepairAction#REBUILD} fixes; the node keeps its uid and provider id, and gets a
   * new machine id, as a freshly installed machine generates one.
   *
   * @param name a node in the cluster
   */
  public void rebuildMachine(String name) {
    repairMachine(name, RepairAction.REBUILD);
  }

  /**
   * What a cloud's replace does: the machine is gone and a new one registers under the same name.
   * The node object is recreated with a new uid, provider id, machine id and address, created now,
   * with no faults and {@code Ready=True}; labels stay, annotations and cordoning go with the old
   * object.
   *
   * @param name a node in the cluster
   * @return the new node
   */
  public NodeInfo replaceMachine(String name) {
    synchronized (lock) {
      applyDueEffects();
      Instant now = now();
      SimulatedNode fresh = existing(name).replaced(now);
      nodes.put(name, fresh);
      return fresh.viewAt(now);
    }
  }

  /**
   * Applies a repair action to the node's machine: {@link #rebootMachine}, {@link #rebuildMachine}
   * or {@link #replaceMachine}.
   *
   * @param name a node in the cluster
   * @param action the action, not {@code null}
   */
  public void repairMachine(String name, RepairAction action) {
    Objects.requireNonNull(action, "action");
    if (action == RepairAction.REPLACE) {
      replaceMachine(name);
      return;
    }
    synchronized (lock) {
      applyDueEffects();
      existing(name).restart(action, now());
    }
  }

  /**
   * Has something happen to the cluster at a given time: the effect runs when the cluster is first
   * used (read or changed) with the clock at or past {@code at}, before anything else, in order of
   * time (then of scheduling), and whatever it changes carries the time {@code at}. A {@link
   * FakeCloud} uses this to finish repairs; a scenario can use it to script failures.
   *
   * <p>The effect runs on the thread that uses the cluster, holding the cluster's lock: it may call
   * this cluster's methods but must not wait for other threads. An exception it throws reaches that
   * caller.
   *
   * @param at when the effect takes place, not {@code null}; a past time means at the next use
   * @param effect what happens, not {@code null}
   */
  public void schedule(Instant at, Runnable effect) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(effect, "effect");
    synchronized (lock) {
      effects.add(new Effect(at, scheduled++, effect));
    }
  }

  /**
   * Runs the effects that are due. Lazy on purpose: the clock is the test's, and nothing here may
   * run on a thread of its own.
   */
  private void applyDueEffects() {
    // An effect calls the public methods, which land here again; the outer loop handles the rest.
    if (applyingEffects) {
      return;
    }
    applyingEffects = true;
    try {
      Instant now = clock.instant();
      while (!effects.isEmpty() && !effects.peek().at().isAfter(now)) {
        Effect effect = effects.poll();
        effectTime = effect.at();
        try {
          effect.action().run();
        } finally {
          effectTime = null;
        }
      }
    } finally {
      applyingEffects = false;
    }
  }

  private Instant now() {
    return effectTime != null ? effectTime : clock.instant();
  }

  private SimulatedNode existing(String name) {
    SimulatedNode node = nodes.get(Objects.requireNonNull(name, "name"));
    if (node == null) {
      throw new IllegalArgumentException(
          "the fake cluster has no node " + name + "; it has " + nodes.keySet());
    }
    return node;
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "FakeCluster" + nodes.keySet();
    }
  }

  private record Effect(Instant at, long order, Runnable action) {}
}
