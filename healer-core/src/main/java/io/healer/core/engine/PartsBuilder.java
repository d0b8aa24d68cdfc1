package io.healer.core.engine;

import io.healer.api.API;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.embedding.HealerListener;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * The setters of the parts the cluster side brings ({@link EngineParts}), written once for every
 * builder that takes them: {@link HealingEngine.Builder}, {@code Healer.Builder} and the daemon's
 * {@code ClusterConnection.Builder}. Each setter returns the builder itself, so that a chain goes on
 * with the builder's own setters.
 *
 * @param <B> the builder
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public abstract class PartsBuilder<B extends PartsBuilder<B>> {

  // One holder, with each part's check and default.
  private final EngineParts parts = new EngineParts();

  /** For subclasses. */
  protected PartsBuilder() {}

  /**
   * This builder, typed as itself.
   *
   * @return {@code this}
   */
  protected abstract B self();

  /**
   * The clock for every time decision; the system UTC clock by default.
   *
   * @param clock the clock, not {@code null}
   * @return this builder
   */
  public B clock(Clock clock) {
    parts.clock(clock);
    return self();
  }

  /**
   * Where node records survive restarts, such as node annotations; in memory by default.
   *
   * @param ledger the ledger, or {@code null} to keep the one given before (in memory if none)
   * @return this builder
   */
  public B ledger(RepairLedger ledger) {
    if (ledger != null) {
      parts.ledger(ledger);
    }
    return self();
  }

  /**
   * Where the storm guard's state survives restarts and leader changes, such as a ConfigMap's
   * annotations; in memory by default.
   *
   * @param store the store, or {@code null} to keep the one given before (in memory if none)
   * @return this builder
   */
  public B stormStateStore(StormStateStore store) {
    if (store != null) {
      parts.stormStateStore(store);
    }
    return self();
  }

  /**
   * Adds a listener of decisions, verdicts and cycles, such as one that writes Kubernetes Events;
   * a logging listener is always there.
   *
   * @param listener the listener, not {@code null}; called on the cycle's thread, in the order added
   * @return this builder
   */
  public B listener(HealerListener listener) {
    parts.listener(listener);
    return self();
  }

  /**
   * Whether this instance leads now (for leader election); always by default.
   *
   * @param leadership answers {@code true} while this instance may repair; asked every cycle, not
   *     {@code null}
   * @return this builder
   */
  public B leadership(BooleanSupplier leadership) {
    parts.leadership(leadership);
    return self();
  }

  /**
   * Whether an operator paused healing now; never by default.
   *
   * @param paused answers {@code true} while healing is paused; asked every cycle, not {@code null}
   * @return this builder
   */
  public B pauseSwitch(BooleanSupplier paused) {
    parts.pauseSwitch(paused);
    return self();
  }

  /**
   * What the cluster side does around repairs (cordon, drain, uncordon); nothing by default.
   *
   * @param hooks the hooks, not {@code null}; {@link RepairHooks#NONE} for none
   * @return this builder
   */
  public B hooks(RepairHooks hooks) {
    parts.hooks(hooks);
    return self();
  }

  /**
   * The cloud that repairs. A {@code Healer} without one creates the config's {@code cloud-provider}
   * plugin; a {@link HealingEngine} needs one.
   *
   * @param provider the provider, or {@code null} to keep the one given before (none if none)
   * @return this builder
   */
  public B cloudProvider(CloudProvider provider) {
    if (provider != null) {
      parts.cloudProvider(provider);
    }
    return self();
  }

  /**
   * Takes every part of {@code parts} (see {@link EngineParts#addTo}): clock, leadership, pause
   * switch, hooks, listeners, and the ledger, storm state store and provider when it has them.
   *
   * @param parts the cluster side's parts, not {@code null}
   * @return this builder
   */
  public B parts(EngineParts parts) {
    parts.addTo(this.parts);
    return self();
  }

  /**
   * The parts given so far, as a copy that later setters do not change.
   *
   * @return a copy of the parts given so far
   */
  public EngineParts givenParts() {
    return parts.copy();
  }
}
