package io.healer.kubernetes;

import io.healer.api.embedding.HealerListener;
import io.healer.api.embedding.NodeSource;
import io.healer.core.Healer;
import io.healer.core.engine.EngineParts;
import io.healer.core.engine.RepairHooks;
import io.healer.core.engine.RepairLedger;
import io.healer.core.engine.StormStateStore;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes side of a healer without the engine: the node source over the informer caches,
 * the repair records on the nodes, leadership from the Lease elector (when {@code leader-elect} is
 * on), the pause ConfigMap and the storm guard's state on it, the repair hooks (cordon and drain of workers, then deletion of a
 * replaced node's Node object) and the Events listener. For an embedder that builds its own {@link
 * Healer}, such as the daemon, which adds its metrics and picks its parts:
 *
 * <pre>{@code
 * try (KubernetesCluster cluster = KubernetesHealer.builder(config, clients).connect();
 *      Healer healer = cluster.wire(Healer.builder(config)).listener(metrics).build()) {
 *   healer.start();
 *   ...
 * }
 * }</pre>
 *
 * <p>{@link KubernetesHealer.Builder#connect()} makes one; {@link KubernetesHealer} is one plus
 * the engine. {@link #close()} releases the Lease, sends the queued Events and stops the watches;
 * close the healer first, so that no cycle runs on a closed cluster. Thread-safe.
 */
public final class KubernetesCluster implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KubernetesCluster.class);

  private final ClusterCache cache;
  private final LeaseLeaderElector elector;
  private final KubernetesEventRecorder events;
  private final InformerNodeSource nodeSource;
  private final AnnotationRepairLedger ledger;
  private final ConfigMapPauseSwitch pause;
  private final StormStateStore stormStore;
  private final RepairHooks hooks;
  private final Clock clock;
  private final String identity;
  private final CurrentLeader leader;
  private boolean closed;

  KubernetesCluster(ClusterCache cache, LeaseLeaderElector elector, KubernetesEventRecorder events,
      InformerNodeSource nodeSource, AnnotationRepairLedger ledger, ConfigMapPauseSwitch pause,
      StormStateStore stormStore, RepairHooks hooks, Clock clock, String identity, CurrentLeader leader) {
    this.cache = cache;
    this.elector = elector;
    this.events = events;
    this.nodeSource = nodeSource;
    this.ledger = ledger;
    this.pause = pause;
    this.stormStore = stormStore;
    this.hooks = hooks;
    this.clock = clock;
    this.identity = identity;
    this.leader = leader;
  }

  /**
   * Who leads now by the leader-election Lease, read from the API server (one GET): this healer,
   * another replica, or the Go magnum-auto-healer on the same Lease. Empty when nobody holds it or
   * the holder stopped renewing it.
   *
   * @return the holder identity of a Lease renewed within its lease duration, else empty
   * @throws IllegalStateException when the Lease cannot be read
   */
  public java.util.Optional<String> leader() {
    return leader.holder();
  }

  /**
   * The nodes, from the informer cache; a cycle reading them makes no request.
   *
   * @return the node source the engine lists its nodes from
   */
  public NodeSource nodeSource() {
    return nodeSource;
  }

  /**
   * The repair records, as {@code healer.io/} annotations on the nodes.
   *
   * @return the ledger, reading from the cache and writing by patching the Node objects
   */
  public RepairLedger ledger() {
    return ledger;
  }

  /**
   * Whether this instance may repair now: the elector's view, or always when leader election is off.
   *
   * @return a supplier answering {@code true} while this instance leads; always {@code true}
   *     without leader election
   */
  public BooleanSupplier leadership() {
    return elector == null ? () -> true : elector;
  }

  /**
   * Whether an operator paused healing with the pause ConfigMap (paused until it has been listed).
   *
   * @return a supplier answering {@code true} while healing is paused
   */
  public BooleanSupplier pauseSwitch() {
    return pause;
  }

  /**
   * Where the storm guard's state survives restarts and leader changes: annotations on the pause
   * ConfigMap ({@code healer.io/storm-since}, {@code healer.io/storm-ended-at}).
   *
   * @return the store on the pause ConfigMap in the healer's namespace
   */
  public StormStateStore stormStateStore() {
    return stormStore;
  }

  /**
   * What happens around a repair: a worker is cordoned and drained before a rebuild or a
   * replacement (when {@code drain-enabled}), uncordoned when healthy again if healer cordoned it,
   * and the Node object of a node whose replacement the cloud accepted is deleted (always, as the
   * Go tool does; with a UID precondition).
   *
   * @return the hooks chained in that order: drain (when enabled), fencing (when enabled), Node
   *     deletion
   */
  public RepairHooks hooks() {
    return hooks;
  }

  /**
   * The listener that writes the engine's decisions as Kubernetes Events on the nodes.
   *
   * @return the Events listener; it queues, and a background sender (or {@link #close()}) sends
   */
  public HealerListener events() {
    return events;
  }

  /**
   * The clock every time decision of this side reads.
   *
   * @return the clock given to {@link KubernetesHealer.Builder#clock}
   */
  public Clock clock() {
    return clock;
  }

  /**
   * This instance's leader-election identity (also the Events' source instance).
   *
   * @return the identity, never null
   */
  public String identity() {
    return identity;
  }

  /**
   * Whether this side is ready to serve: the caches have listed once and, when leader election is
   * on, the elector is running (leading or following) and the API server has not refused its last
   * step (401, 403, or the Lease's namespace missing): an instance that may not write its Lease can
   * never lead, and readiness says so instead of looking like a healthy follower.
   *
   * @return {@code true} when this side can serve as a leader or a follower
   */
  public boolean isReady() {
    return cache.synced() && (elector == null || elector.isRunning() && !elector.refused());
  }

  /**
   * Puts every part into a healer builder: clock, node source, ledger, storm state store,
   * leadership, pause switch, hooks and the Events listener.
   *
   * @param builder the builder to complete
   * @return the same builder
   */
  public Healer.Builder wire(Healer.Builder builder) {
    return builder.nodeSource(nodeSource).parts(parts());
  }

  /**
   * The parts of this side an engine takes, in one holder: clock, ledger, storm state store,
   * leadership, pause switch, hooks and the Events listener (the node source is apart).
   *
   * @return new parts, filled from this side
   */
  public EngineParts parts() {
    return new EngineParts().clock(clock).ledger(ledger).stormStateStore(stormStore).leadership(leadership())
        .pauseSwitch(pause).hooks(hooks).listener(events);
  }

  /**
   * Runs {@code listener} on the election's thread each time this instance becomes the leader
   * (never when leader election is off: this instance then always leads).
   *
   * @param listener what to run, such as {@code healer::cycleNow}; it should return quickly
   */
  public void onStartedLeading(Runnable listener) {
    if (elector != null) {
      elector.onStartedLeading(listener);
    }
  }

  /** The elector, if leader election is on (tests step it by hand). */
  Optional<LeaseLeaderElector> elector() {
    return Optional.ofNullable(elector);
  }

  /** Sends the queued Events now (tests; the background sender does it otherwise). */
  void sendEvents() {
    events.sendPending();
  }

  /** Releases the Lease (when held), sends the queued Events and stops the watches. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      if (elector != null) {
        elector.close();
      }
    } finally {
      try {
        events.close();
      } finally {
        cache.close();
        log.debug("the Kubernetes side of {} is closed", identity);
      }
    }
  }
}
