package io.healer.integration.compare;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A healer's replicas as a Deployment runs them: once {@link #supervise() supervised}, a replica
 * that ends is started again as the kubelet restarts a container (restart policy Always, with its
 * crash back-off: 10 s, doubling to 5 min), and one that is {@link #kill killed} is started again at
 * once. What each process cost is sampled from {@code /proc} every second while it runs, so that a
 * process that ended still counts; every end and start is kept as an {@link #events() event}.
 */
final class Replicas implements AutoCloseable {

  private static final Duration FIRST_BACK_OFF = Duration.ofSeconds(10);
  private static final Duration MAX_BACK_OFF = Duration.ofMinutes(5);

  private final Tool tool;
  private final Path config;
  private final Path logDir;
  private final List<Replica> replicas = new CopyOnWriteArrayList<>();
  private final Map<Long, ProcessUsage> lastUsage = new ConcurrentHashMap<>();
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "replicas-watch");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean supervised;

  /** Something that happened to a replica: it ended by itself, was killed, or was started again. */
  record Event(Instant at, String text) {}

  private final class Replica {
    final int index;
    volatile Tool.Running running;
    volatile Instant restartAt;
    volatile Duration backOff = FIRST_BACK_OFF;

    Replica(int index, Tool.Running running) {
      this.index = index;
      this.running = running;
    }

    String name() {
      return tool.title().split(" ")[0] + "-" + index;
    }
  }

  private Replicas(Tool tool, Path config, Path logDir) {
    this.tool = tool;
    this.config = config;
    this.logDir = logDir;
  }

  /** Starts the first replica, unsupervised: a replica that ends at start is the outcome, not restarted. */
  static Replicas start(Tool tool, Path config, Path logDir) {
    Replicas replicas = new Replicas(tool, config, logDir);
    replicas.add();
    replicas.watch.scheduleWithFixedDelay(replicas::tick, 1, 1, TimeUnit.SECONDS);
    return replicas;
  }

  /** Starts one more replica. */
  void add() {
    int index = replicas.size();
    replicas.add(new Replica(index, tool.start(config, logDir, index)));
  }

  /** The replica started {@code index}-th (0: the first, which took the Lease first). */
  Tool.Running get(int index) {
    return replicas.get(index).running;
  }

  /** From now on, a replica that ends is started again. */
  void supervise() {
    supervised = true;
  }

  /** SIGKILL to a replica, as an OOM kill or a crashed node ends it; {@code restart}: started again at once. */
  synchronized void kill(int index, boolean restart) {
    Replica replica = replicas.get(index);
    sample(replica.running);
    replica.running.process().kill();
    events.add(new Event(Instant.now(), replica.name() + " killed (SIGKILL)"));
    if (restart) {
      replica.running = tool.start(config, logDir, index);
      events.add(new Event(Instant.now(), replica.name() + " started again"));
    } else {
      replica.restartAt = Instant.MAX;
    }
  }

  /** Every end and start since the replicas were started, oldest first. */
  List<Event> events() {
    return List.copyOf(events);
  }

  /** How many times a replica ended by itself (killed ones not counted). */
  long exits() {
    return events.stream().filter(e -> e.text().contains(" exited ")).count();
  }

  /**
   * What the replicas' processes cost the machine: the highest peak RSS of any one process, and
   * the CPU time of all of them together.
   */
  ProcessUsage usage() {
    replicas.forEach(r -> sample(r.running));
    double peak = lastUsage.values().stream().mapToDouble(ProcessUsage::peakRssMib).max().orElse(0);
    double cpu = lastUsage.values().stream().mapToDouble(ProcessUsage::cpuSeconds).sum();
    return new ProcessUsage(peak, cpu);
  }

  private synchronized void tick() {
    for (Replica replica : replicas) {
      Tool.Running running = replica.running;
      if (running.process().isAlive()) {
        sample(running);
        continue;
      }
      if (!supervised || Instant.MAX.equals(replica.restartAt)) {
        continue;
      }
      if (replica.restartAt == null) {
        replica.restartAt = Instant.now().plus(replica.backOff);
        events.add(new Event(Instant.now(), replica.name() + " exited " + running.process().exitCode()
            + " (" + lastWords(running) + "); restarted in " + replica.backOff.toSeconds() + " s"));
        Duration doubled = replica.backOff.multipliedBy(2);
        replica.backOff = doubled.compareTo(MAX_BACK_OFF) > 0 ? MAX_BACK_OFF : doubled;
      } else if (!Instant.now().isBefore(replica.restartAt)) {
        replica.restartAt = null;
        replica.running = tool.start(config, logDir, replica.index);
        events.add(new Event(Instant.now(), replica.name() + " started again"));
      }
    }
  }

  /** The last line a process wrote, shortened: why it ended. */
  private static String lastWords(Tool.Running running) {
    String line = running.process().tail(1).strip();
    // klog: "F1204 19:01:10.123456 1 root.go:74] leaderelection lost"; the text after "] " says it.
    int bracket = line.indexOf("] ");
    String said = bracket < 0 ? line : line.substring(bracket + 2);
    return said.length() > 80 ? said.substring(0, 80) + "…" : said;
  }

  private void sample(Tool.Running running) {
    try {
      if (running.process().isAlive()) {
        lastUsage.put(running.process().pid(), ProcessUsage.of(running.process().pid()));
      }
    } catch (UncheckedIOException e) {
      // It ended between the check and the read: its last sample stands.
    }
  }

  /** Whether any replica runs now. */
  boolean anyAlive() {
    return replicas.stream().anyMatch(r -> r.running.process().isAlive());
  }

  /** Stops every replica as Kubernetes stops a pod (SIGTERM, SIGKILL after 15 s). */
  @Override
  public void close() {
    watch.shutdownNow();
    List<Tool.Running> all = new ArrayList<>();
    replicas.forEach(r -> all.add(r.running));
    all.forEach(Tool.Running::close);
  }
}
