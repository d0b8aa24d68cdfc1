package io.healer.examples.demo;

import io.healer.api.embedding.HealerEvent;
import io.healer.api.NodeAddress;
import io.healer.api.cloud.RepairAction;
import io.healer.core.Healer;
import io.healer.core.config.ConfigLoader;
import io.healer.core.config.HealerConfig;
import io.healer.fakes.FakeCloud;
import io.healer.fakes.FakeCluster;
import io.healer.fakes.Fault;
import io.healer.fakes.ManualClock;
import io.healer.fakes.Nodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * healer on a simulated cluster of 3 masters and 4 workers and a fake cloud, with the real engine,
 * the real stock checks (the Endpoint check probes real HTTP servers on loopback) and the config
 * read from config.yaml. Simulated time runs fast: an hour takes about a second.
 *
 * <p>The story: a worker's kubelet dies of a bad disk (a reboot does not help, so healer escalates
 * to a rebuild); a master's API server dies (a reboot fixes it); then a network partition makes
 * most workers look dead at once, and the storm guard refuses to repair any of them.
 */
public final class Demo {

  static final Duration INTERVAL = Duration.ofSeconds(30);
  static final Duration REPAIR_TIME = Duration.ofMinutes(2);

  private final PrintStream out;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Instant start = clock.instant();
  private final FakeCluster cluster = new FakeCluster(clock);
  private final FakeCloud cloud = FakeCloud.connectedTo(cluster, clock);
  private final FakeApiServers apiServers = new FakeApiServers();
  private final Timeline timeline;
  private Healer healer;

  private Demo(PrintStream out) {
    this.out = out;
    this.timeline = new Timeline(out, start);
  }

  /**
   * What a run of the demo did: the repairs the fake cloud was asked for and every decision.
   *
   * @param repairs the repairs, in the order asked
   * @param events the engine's decisions, in the order made
   */
  public record Outcome(List<FakeCloud.Repair> repairs, List<HealerEvent> events) {}

  /**
   * Runs the story once, printing its timeline to standard output.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  /**
   * Runs the whole story, printing the timeline to {@code out}.
   *
   * @param out where the timeline goes, not {@code null}
   * @return what the run did
   */
  public static Outcome run(PrintStream out) {
    Demo demo = new Demo(out);
    try {
      return demo.story();
    } finally {
      demo.close();
    }
  }

  private Outcome story() {
    Instant createdAt = clock.instant().minus(Duration.ofDays(1));
    for (int i = 1; i <= 3; i++) {
      String name = "master-" + i;
      String address = apiServers.add(name);
      cluster.add(Nodes.master(name, createdAt)
          .addresses(List.of(new NodeAddress(NodeAddress.INTERNAL_IP, address))).build());
    }
    for (int i = 1; i <= 4; i++) {
      cluster.add(Nodes.worker("worker-" + i, createdAt).build());
    }
    HealerConfig config = ConfigLoader.parse(demoConfig(apiServers.port()), "demo-config.yaml");
    healer = Healer.builder(config)
        .nodeSource(cluster)
        .cloudProvider(new ApiServerAwareCloud(cloud, cluster, apiServers, REPAIR_TIME))
        .clock(clock)
        .executor(Runnable::run)
        .listener(timeline)
        .build();

    out.println("healer demo: 3 masters and 4 workers on a fake cloud; a cycle every "
        + config.monitorInterval().toSeconds() + "s of simulated time.");
    out.println("Masters are checked by Endpoint (GET http://<InternalIP>:" + apiServers.port()
        + "/healthz, unhealthy after 2m) and NodeCondition; workers by NodeCondition (Ready, 3m).");
    out.println("Repairs take " + REPAIR_TIME.toMinutes() + "m in the fake cloud; rebuild-delay-after-reboot is "
        + config.rebuildDelayAfterReboot().toMinutes() + "m.");

    runUntil(Duration.ofMinutes(1));
    timeline.narrate(clock.instant(), "worker-3's kubelet dies: its disk is bad, so a reboot will not help");
    cluster.fault("worker-3", Fault.kubeletStopped("kubelet crash-looping on a bad disk",
        EnumSet.of(RepairAction.REBUILD, RepairAction.REPLACE)));
    runUntil(Duration.ofMinutes(14));

    timeline.narrate(clock.instant(), "master-2's API server dies (its kubelet still reports Ready)");
    apiServers.stop("master-2");
    runUntil(Duration.ofMinutes(22));

    timeline.narrate(clock.instant(), "a network partition: worker-1, worker-2 and worker-4 stop reporting at once");
    cluster.killKubelet("worker-1");
    cluster.killKubelet("worker-2");
    cluster.killKubelet("worker-4");
    runUntil(Duration.ofMinutes(32));
    timeline.narrate(clock.instant(), "the partition heals");
    cluster.revive("worker-1");
    cluster.revive("worker-2");
    cluster.revive("worker-4");
    runUntil(Duration.ofMinutes(40));

    out.println();
    out.println("Repairs the cloud was asked for:");
    for (FakeCloud.Repair r : cloud.repairs()) {
      Duration at = Duration.between(start, r.time());
      out.printf("  T+%02d:%02d  %-9s %s%n", at.toMinutes(), at.toSecondsPart(), r.nodeName(),
          r.action().name().toLowerCase(Locale.ROOT));
    }
    out.println("None during the partition: the storm guard held them back.");
    return new Outcome(cloud.repairs(), timeline.events());
  }

  private void runUntil(Duration sinceStart) {
    Instant end = start.plus(sinceStart);
    while (clock.instant().isBefore(end)) {
      healer.runOnce();
      clock.advance(INTERVAL);
    }
  }

  private void close() {
    if (healer != null) {
      healer.close();
    }
    apiServers.close();
  }

  private static String demoConfig(int port) {
    try (InputStream in = Demo.class.getResourceAsStream("/demo-config.yaml")) {
      if (in == null) {
        throw new IllegalStateException("demo-config.yaml is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${API_SERVER_PORT}", String.valueOf(port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
