package io.healer.integration.compare;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/** A fault the two healers meet in turn, each on a fresh cluster of the same cloud. */
interface Scenario {

  /** The row's title ("a worker whose kubelet stops"). */
  String title();

  /** Whether healing this fault needs a repair (else the right answer is to touch nothing). */
  boolean expectsRepair();

  /** Does the fault to the world; returns the nodes it broke (their machines need a repair). */
  List<String> inject(ComparisonWorld world);

  /** How long the fault lasts before it ends by itself ({@link #end}); {@code null}: until repaired. */
  default Duration lasts() {
    return null;
  }

  /** Ends a fault that ends by itself. */
  default void end(ComparisonWorld world) {}

  /** The scenario's change to the shared config.yaml, if it has one (both healers then read the changed file). */
  default UnaryOperator<String> config() {
    return UnaryOperator.identity();
  }

  /** A worker's kubelet stops: no status, no Lease. A reboot brings it back. */
  static Scenario workerKubeletStops() {
    return new Simple("a worker whose kubelet stops", true) {
      @Override
      public List<String> inject(ComparisonWorld world) {
        String node = world.workers().get(0);
        world.stopKubelet(node);
        return List.of(node);
      }
    };
  }

  /** The master's API server answers 500 on /healthz; its kubelet still runs. A reboot brings it back. */
  static Scenario masterApiServerFails() {
    return new Simple("a master whose API server health endpoint fails", true) {
      @Override
      public List<String> inject(ComparisonWorld world) {
        world.failApiServer();
        return List.of(world.master());
      }
    };
  }

  /**
   * Every worker (two of two) is cut off from the network at once for 40 s, their machines healthy:
   * a partition, where the right answer is to touch nothing. (The three of four: the
   * shared cloud's cluster has two workers, and the storm guard's default, 40 %, stops both.)
   */
  static Scenario workersCutOff() {
    return new Simple("every worker cut off at once for 40 s (a partition)", false) {
      @Override
      public List<String> inject(ComparisonWorld world) {
        world.workers().forEach(world::cutOff);
        return List.of();
      }

      @Override
      public Duration lasts() {
        return Duration.ofSeconds(40);
      }

      @Override
      public void end(ComparisonWorld world) {
        world.workers().forEach(world::reconnect);
      }
    };
  }

  /**
   * Healing is switched off (the cluster's {@code auto_healing_enabled} label false), a worker's
   * kubelet stops, and 30 s later healing is switched on again: no repair may come before.
   */
  static Scenario healingSwitchedOff() {
    return new Simple("healing switched off, a worker's kubelet stops, healing on again 30 s later", true) {
      @Override
      public List<String> inject(ComparisonWorld world) {
        world.autoHealing(false);
        return workerKubeletStops().inject(world);
      }

      @Override
      public Duration lasts() {
        return Duration.ofSeconds(30);
      }

      @Override
      public void end(ComparisonWorld world) {
        world.autoHealing(true);
      }
    };
  }

  /** The config says {@code monitor-intervall} for {@code monitor-interval}; then a worker's kubelet stops. */
  static Scenario misspelledKey() {
    return new Simple("a config with a misspelled key (monitor-intervall), then a worker's kubelet stops", true) {
      @Override
      public List<String> inject(ComparisonWorld world) {
        return workerKubeletStops().inject(world);
      }

      @Override
      public UnaryOperator<String> config() {
        return yaml -> yaml.replace("monitor-interval:", "monitor-intervall:");
      }
    };
  }

  /** A scenario's title and whether it needs a repair. */
  abstract class Simple implements Scenario {
    private final String title;
    private final boolean expectsRepair;

    Simple(String title, boolean expectsRepair) {
      this.title = title;
      this.expectsRepair = expectsRepair;
    }

    @Override
    public String title() {
      return title;
    }

    @Override
    public boolean expectsRepair() {
      return expectsRepair;
    }
  }
}
