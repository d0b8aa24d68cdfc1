package io.healer.core.engine;

import io.healer.api.API;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.embedding.HealerListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The parts of a healer that the cluster side brings rather than the config: the clock, whether
 * this instance leads, whether an operator paused healing, the repair hooks, listeners, and where
 * there is one of the cluster's own, the repair ledger, the storm guard's state store and the cloud
 * provider. The builders of {@link HealingEngine}, {@code Healer} and the daemon's cluster
 * connection keep their parts in one of these and hand it on with {@link #addTo}, so that each part
 * has one check and one default. Not thread-safe; a built object keeps a {@link #copy()}.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public final class EngineParts {

  private Clock clock = Clock.systemUTC();
  private BooleanSupplier leadership = () -> true;
  private BooleanSupplier pauseSwitch = () -> false;
  private RepairHooks hooks = RepairHooks.NONE;
  private final List<HealerListener> listeners = new ArrayList<>();
  private RepairLedger ledger;
  private StormStateStore stormStateStore;
  private CloudProvider cloudProvider;

  /** Parts with every default: the system UTC clock, always leading, never paused, no hooks, no listeners. */
  public EngineParts() {}

  /**
   * The clock for every time decision; the system UTC clock by default.
   *
   * @param clock the part, not {@code null}
   * @return these parts, for chaining
   */
  public EngineParts clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Whether this instance is the leader now; always by default.
   *
   * @param leadership the part, not {@code null}
   * @return these parts, for chaining
   */
  public EngineParts leadership(BooleanSupplier leadership) {
    this.leadership = Objects.requireNonNull(leadership, "leadership");
    return this;
  }

  /**
   * Whether an operator paused healing now; never by default.
   *
   * @param paused the part, not {@code null}
   * @return these parts, for chaining
   */
  public EngineParts pauseSwitch(BooleanSupplier paused) {
    this.pauseSwitch = Objects.requireNonNull(paused, "paused");
    return this;
  }

  /**
   * What the cluster side does around repairs (cordon, drain, uncordon); nothing by default.
   *
   * @param hooks the part, not {@code null}
   * @return these parts, for chaining
   */
  public EngineParts hooks(RepairHooks hooks) {
    this.hooks = Objects.requireNonNull(hooks, "hooks");
    return this;
  }

  /**
   * Adds a listener of decisions, verdicts and cycles.
   *
   * @param listener the part, not {@code null}
   * @return these parts, for chaining
   */
  public EngineParts listener(HealerListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Where node records survive restarts; in memory when not given.
   *
   * @param ledger the part, not {@code null}
   * @return these parts, for chaining
   */
  public EngineParts ledger(RepairLedger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    return this;
  }

  /**
   * Where the storm guard's state survives restarts; in memory when not given.
   *
   * @param store the part, not {@code null}
   * @return these parts, for chaining
   */
  public EngineParts stormStateStore(StormStateStore store) {
    this.stormStateStore = Objects.requireNonNull(store, "store");
    return this;
  }

  /**
   * A provider of the cluster side's own; when not given, the builder's (the config's plugin).
   *
   * @param provider the part, not {@code null}
   * @return these parts, for chaining
   */
  public EngineParts cloudProvider(CloudProvider provider) {
    this.cloudProvider = Objects.requireNonNull(provider, "cloudProvider");
    return this;
  }

  /**
   * The clock.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Whether this instance leads now.
   *
   * @return whether this instance leads now
   */
  public BooleanSupplier leadership() {
    return leadership;
  }

  /**
   * Whether an operator paused healing now.
   *
   * @return whether an operator paused healing now
   */
  public BooleanSupplier pauseSwitch() {
    return pauseSwitch;
  }

  /**
   * The repair hooks.
   *
   * @return the repair hooks
   */
  public RepairHooks hooks() {
    return hooks;
  }

  /**
   * The listeners, in the order they were added.
   *
   * @return the listeners, in the order they were added
   */
  public List<HealerListener> listeners() {
    return List.copyOf(listeners);
  }

  /**
   * The ledger, when one was given.
   *
   * @return the ledger, when one was given
   */
  public Optional<RepairLedger> ledger() {
    return Optional.ofNullable(ledger);
  }

  /**
   * The storm state store, when one was given.
   *
   * @return the storm state store, when one was given
   */
  public Optional<StormStateStore> stormStateStore() {
    return Optional.ofNullable(stormStateStore);
  }

  /**
   * The cloud provider, when one was given.
   *
   * @return the cloud provider, when one was given
   */
  public Optional<CloudProvider> cloudProvider() {
    return Optional.ofNullable(cloudProvider);
  }

  /**
   * Hands every part to {@code other}: the clock, leadership, pause switch and hooks replace its
   * own, the listeners are added after its own, and the ledger, store and provider replace its own
   * when given here.
   *
   * @param other the parts to complete
   * @return {@code other}
   */
  public EngineParts addTo(EngineParts other) {
    other.clock(clock).leadership(leadership).pauseSwitch(pauseSwitch).hooks(hooks);
    listeners.forEach(other::listener);
    ledger().ifPresent(other::ledger);
    stormStateStore().ifPresent(other::stormStateStore);
    cloudProvider().ifPresent(other::cloudProvider);
    return other;
  }

  /**
   * A copy that later changes to this one do not reach.
   *
   * @return a copy that later changes to this one do not reach
   */
  public EngineParts copy() {
    return addTo(new EngineParts());
  }
}
