package io.healer.integration.compare;

import io.healer.integration.support.Wait;
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

  /** How many replicas of the healer run (with leader election, one leads). */
  default int replicas() {
    return 1;
  }

  /**
   * What happens after the fault, before the run waits for the repair: by default the fault lasts
   * {@link #lasts()} and then {@link #end ends}.
   */
  default void unfold(Stage stage) {
    if (lasts() != null) {
      stage.observe(lasts());
      end(stage.world());
    }
  }

  /** Whether a repair brings the broken nodes back as they were (a reboot does; a new server is a new node). */
  default boolean comesBack() {
    return expectsRepair();
  }

  /**
   * How many workers the cloud's cluster has for this scenario (its {@code default-worker} group):
   * two, unless the fault needs more. The run resizes the group through Magnum before it starts.
   */
  default int workers() {
    return 2;
  }

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
   * a partition, where the right answer is to touch nothing. The storm guard's default (40 %)
   * stops both; {@link #mostWorkersCutOff} is the partition of a larger group.
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
   * Three of four workers are cut off from the network at once for 60 s, their machines healthy:
   * a likely partition (or a failed switch), where repairing three machines at once is the harm.
   * The group has four workers for it (two more than the other rows); the fourth worker keeps its
   * heartbeat. 60 s is longer than either healer needs to see a node NotReady and act on it.
   */
  static Scenario mostWorkersCutOff() {
    return new Simple("three of four workers cut off at once for 60 s (a partition)", false) {
      @Override
      public List<String> inject(ComparisonWorld world) {
        cutOff(world).forEach(world::cutOff);
        return List.of();
      }

      @Override
      public int workers() {
        return 4;
      }

      @Override
      public Duration lasts() {
        return Duration.ofSeconds(60);
      }

      @Override
      public void end(ComparisonWorld world) {
        cutOff(world).forEach(world::reconnect);
      }

      private List<String> cutOff(ComparisonWorld world) {
        List<String> workers = world.workers();
        if (workers.size() != 4) {
          throw new IllegalStateException("the partition of three of four needs four workers, the cluster has "
              + workers);
        }
        return workers.subList(0, 3);
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

  /**
   * A worker's disk fails: its kubelet runs on and reports {@code DiskPressure=True}; the shared
   * config's second worker check (NodeCondition, types DiskPressure, ok-values False) sees it. A
   * reboot brings it back.
   */
  static Scenario workerDiskFails() {
    return new Simple("a worker whose disk fails (DiskPressure True), its kubelet still running", true) {
      @Override
      public List<String> inject(ComparisonWorld world) {
        String node = world.workers().get(0);
        world.failDisk(node);
        return List.of(node);
      }
    };
  }

  /**
   * A worker's kubelet stops and at the same moment the healer's connections to the API server
   * hang, for five minutes: no repair may come from what the healer saw before, and the node is
   * repaired once the API answers again.
   */
  static Scenario apiUnreachable() {
    return new Simple("a worker's kubelet stops as the Kubernetes API becomes unreachable (connections hang) for"
        + " 5 minutes", true) {
      @Override
      public List<String> inject(ComparisonWorld world) {
        List<String> broken = workerKubeletStops().inject(world);
        world.cutOffApi();
        return broken;
      }

      @Override
      public Duration lasts() {
        return Duration.ofMinutes(5);
      }

      @Override
      public void end(ComparisonWorld world) {
        world.reconnectApi();
      }
    };
  }

  /**
   * A worker's kubelet stops for good (a reboot does not help; only a new server does), and the
   * healer is killed (SIGKILL) right after its first repair request and started again at once, as
   * Kubernetes restarts a killed container: the restarted healer must go on with the repair, not
   * start it again.
   */
  static Scenario killedMidRepair() {
    return new Simple("a worker a reboot does not bring back; the healer killed (SIGKILL) right after its first"
        + " repair request and restarted", true) {
      @Override
      public List<String> inject(ComparisonWorld world) {
        String node = world.workers().get(0);
        world.stopKubeletForGood(node);
        return List.of(node);
      }

      @Override
      public boolean comesBack() {
        return false;
      }

      @Override
      public void unfold(Stage stage) {
        if (stage.awaitRepair("a first repair request", Duration.ofMinutes(2), CloudRepair::starts)) {
          stage.replicas().kill(0, true);
          stage.awaitRepair("a replacement of the server", Duration.ofMinutes(3), CloudRepair::replaces);
        }
      }
    };
  }

  /**
   * Two replicas with leader election; the leader is killed (SIGKILL, its node gone, so not
   * restarted) as a worker's kubelet stops: the other replica takes over and repairs, once.
   */
  static Scenario leaderKilled() {
    return new Simple("two replicas; the leader killed (SIGKILL) as a worker's kubelet stops", true) {
      @Override
      public List<String> inject(ComparisonWorld world) {
        return workerKubeletStops().inject(world);
      }

      @Override
      public int replicas() {
        return 2;
      }

      @Override
      public void unfold(Stage stage) {
        stage.replicas().kill(0, false);
      }
    };
  }

  /**
   * A worker's kubelet stops; once it is NotReady an operator removes another worker through
   * Magnum's resize, and the cluster is {@code UPDATE_IN_PROGRESS} until Heat has deleted that
   * server: no repair may start while it is (both healers' rule), and one must come after.
   */
  static Scenario clusterUpdating() {
    return new Simple("a worker's kubelet stops while an operator's resize keeps the cluster UPDATE_IN_PROGRESS", true) {
      @Override
      public List<String> inject(ComparisonWorld world) {
        return workerKubeletStops().inject(world);
      }

      @Override
      public void unfold(Stage stage) {
        ComparisonWorld world = stage.world();
        String broken = world.workers().get(0);
        Wait.until(broken + " is NotReady", Duration.ofSeconds(60),
            () -> !world.kubelets.condition(broken, "Ready").equals("True"));
        world.operatorRemoves(world.workers().get(1));
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
