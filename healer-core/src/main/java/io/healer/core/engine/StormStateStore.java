package io.healer.core.engine;

import io.healer.api.API;
import java.util.Optional;

/**
 * Where the storm guard keeps its {@link StormState} so that it survives restarts and leader
 * changes. Without it, a process that restarts (or a follower that takes over) just after a
 * storm has ended knows nothing of the cool-down and may repair nodes that are still coming back
 * from a partition. In production the state lives on the healer's ConfigMap; {@link #inMemory()}
 * serves tests and embedders that run a single, long-lived process.
 *
 * <p>The engine reads the state in its first cycle as the leader (after a start or a leader
 * change), and writes it, as the leader and outside dry-run, when it changes: when a storm
 * starts, when it ends, and when the cool-down is over.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface StormStateStore {

  /**
   * The state last saved.
   *
   * @return the state, or empty when none was ever saved
   * @throws RuntimeException when it cannot be read; the engine then cools down from now, since
   *     it cannot rule out a storm it did not see
   */
  Optional<StormState> load();

  /**
   * Stores the state, replacing the previous one.
   *
   * @param state the state, not {@code null}
   * @throws RuntimeException when it cannot be stored; the engine keeps the state in memory and
   *     tries again next cycle
   */
  void save(StormState state);

  /**
   * A store in memory: shared by engines of one process, lost with it. Thread-safe.
   *
   * @return a new, empty store
   */
  static StormStateStore inMemory() {
    return new StormStateStore() {
      private volatile StormState state;

      @Override
      public Optional<StormState> load() {
        return Optional.ofNullable(state);
      }

      @Override
      public void save(StormState state) {
        this.state = java.util.Objects.requireNonNull(state, "state");
      }

      @Override
      public String toString() {
        return "in-memory storm state (" + (state == null ? "never saved" : state) + ")";
      }
    };
  }
}
