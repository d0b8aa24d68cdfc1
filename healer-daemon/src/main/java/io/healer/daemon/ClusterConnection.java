package io.healer.daemon;

import io.healer.api.embedding.NodeSource;
import io.healer.api.cloud.CloudProvider;
import io.healer.core.Healer;
import io.healer.core.engine.EngineParts;
import io.healer.core.engine.PartsBuilder;
import io.healer.core.engine.RepairLedger;
import io.healer.core.engine.StormStateStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link ClusterConnector} hands the daemon: where nodes come from and everything else the
 * engine needs from the cluster side. Only the node source is required; every other part has the
 * default of an embedded healer (in-memory ledger, always leader, never paused, no hooks).
 *
 * <p>Immutable once built; {@link #close()} stops what the connector started and may be called
 * more than once.
 */
public final class ClusterConnection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterConnection.class);

  private final NodeSource nodeSource;
  // The parts the engine takes, in the holder the engine's builder takes them from.
  private final EngineParts parts;
  private final BooleanSupplier readiness;
  private final Supplier<Optional<String>> leader;
  private final Runnable onClose;
  private final Consumer<MeterRegistry> meters;
  private final Consumer<Runnable> startedLeading;
  private boolean closed;

  private ClusterConnection(Builder b) {
    this.nodeSource = b.nodeSource;
    this.parts = b.givenParts();
    this.readiness = b.readiness;
    this.leader = b.leader;
    this.onClose = b.onClose;
    this.meters = b.meters;
    this.startedLeading = b.startedLeading;
  }

  /**
   * Starts a connection.
   *
   * @param nodeSource where nodes come from, such as an informer cache; not {@code null}
   * @return a builder
   */
  public static Builder builder(NodeSource nodeSource) {
    return new Builder(nodeSource);
  }

  /**
   * Where nodes come from.
   *
   * @return the node source given to {@link #builder}, never {@code null}
   */
  public NodeSource nodeSource() {
    return nodeSource;
  }

  /**
   * The provider to repair with, when the connector brings its own; empty means the plugin named by
   * {@code cloud-provider} (the normal case).
   *
   * @return the connector's provider, or empty
   */
  public Optional<CloudProvider> cloudProvider() {
    return parts.cloudProvider();
  }

  /**
   * Where repair records survive restarts, such as node annotations; empty means in memory.
   *
   * @return the connector's ledger, or empty for the engine's in-memory one
   */
  public Optional<RepairLedger> ledger() {
    return parts.ledger();
  }

  /**
   * Where the storm guard's state survives restarts, such as the control ConfigMap; empty means in memory.
   *
   * @return the connector's store, or empty for the engine's in-memory one
   */
  public Optional<StormStateStore> stormStateStore() {
    return parts.stormStateStore();
  }

  /**
   * Whether this instance leads now.
   *
   * @return a supplier answering {@code true} while this instance may repair; always {@code true}
   *     when the connector has no election
   */
  public BooleanSupplier leadership() {
    return parts.leadership();
  }

  /**
   * Whether an operator paused healing now.
   *
   * @return a supplier answering {@code true} while paused; never paused by default
   */
  public BooleanSupplier pauseSwitch() {
    return parts.pauseSwitch();
  }

  /**
   * Whether the connection is ready to serve: caches synced, elector running.
   *
   * @return a supplier for {@code /readyz}; always {@code true} by default
   */
  public BooleanSupplier readiness() {
    return readiness;
  }

  /**
   * Who leads the cluster's healers now, as the cluster tells it (the leader-election Lease's
   * holder); empty when nobody does or the connector has no election.
   *
   * @return the leader's identity, or empty
   */
  public Optional<String> leader() {
    return leader.get();
  }

  /**
   * The clock for every time decision.
   *
   * @return the connector's clock; the system's UTC clock by default
   */
  public Clock clock() {
    return parts.clock();
  }

  /**
   * Hands every part of the connection to a healer being built: node source, clock, leadership,
   * pause switch, hooks, listeners, and the provider, ledger and storm state store when the
   * connector brings them.
   *
   * @param builder the healer's builder
   * @return the same builder, for chaining
   */
  public Healer.Builder wire(Healer.Builder builder) {
    return builder.nodeSource(nodeSource).parts(parts);
  }

  /**
   * Registers the connection's own meters (such as its requests to the cluster) in {@code registry}.
   *
   * @param registry the daemon's registry, served on {@code /metrics}
   */
  public void bindMeters(MeterRegistry registry) {
    meters.accept(registry);
  }

  /**
   * Runs {@code listener} each time this instance becomes the leader, where the connector can tell
   * (the Kubernetes connector's Lease elector); the daemon runs a cycle at once then.
   *
   * @param listener what to run; it should return quickly
   */
  public void onStartedLeading(Runnable listener) {
    startedLeading.accept(listener);
  }

  /** Stops what the connector started; failures are logged, never thrown. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      onClose.run();
    } catch (RuntimeException e) {
      LOG.warn("closing the cluster connection failed", e);
    }
  }

  /** Builds a {@link ClusterConnection}. Not thread-safe. */
  public static final class Builder extends PartsBuilder<Builder> {
    private final NodeSource nodeSource;
    private BooleanSupplier readiness = () -> true;
    private Supplier<Optional<String>> leader = Optional::empty;
    private Runnable onClose = () -> {};
    private Consumer<MeterRegistry> meters = registry -> {};
    private Consumer<Runnable> startedLeading = listener -> {};

    private Builder(NodeSource nodeSource) {
      this.nodeSource = Objects.requireNonNull(nodeSource, "nodeSource");
    }

    /**
     * Who leads now, such as the leader-election Lease's holder; nobody by default.
     *
     * @param leader gives the leader's identity, or empty; may ask the cluster; not {@code null}
     * @return this builder
     */
    public Builder leader(Supplier<Optional<String>> leader) {
      this.leader = Objects.requireNonNull(leader, "leader");
      return this;
    }

    /**
     * Whether the connection is ready; always by default.
     *
     * @param readiness answers {@code true} when the connection can serve; not {@code null}
     * @return this builder
     */
    public Builder readiness(BooleanSupplier readiness) {
      this.readiness = Objects.requireNonNull(readiness, "readiness");
      return this;
    }

    /**
     * What {@link ClusterConnection#close()} runs, such as stopping watches and the elector.
     *
     * @param onClose run once, at the first close; what it throws is logged; not {@code null}
     * @return this builder
     */
    public Builder onClose(Runnable onClose) {
      this.onClose = Objects.requireNonNull(onClose, "onClose");
      return this;
    }

    /**
     * What {@link ClusterConnection#bindMeters} registers; nothing by default.
     *
     * @param meters given the daemon's registry; not {@code null}
     * @return this builder
     */
    public Builder meters(Consumer<MeterRegistry> meters) {
      this.meters = Objects.requireNonNull(meters, "meters");
      return this;
    }

    /**
     * How {@link ClusterConnection#onStartedLeading} registers its listener: with the elector that
     * backs {@link #leadership}; by default the listener is never run (leadership that never
     * changes, or a connector that cannot tell).
     *
     * @param startedLeading given the listener to register; not {@code null}
     * @return this builder
     */
    public Builder startedLeading(Consumer<Runnable> startedLeading) {
      this.startedLeading = Objects.requireNonNull(startedLeading, "startedLeading");
      return this;
    }

    /**
     * Builds the connection.
     *
     * @return a new connection with the parts set so far; the builder may be used again
     */
    public ClusterConnection build() {
      return new ClusterConnection(this);
    }

    @Override
    protected Builder self() {
      return this;
    }
  }
}
