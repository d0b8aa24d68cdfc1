package io.healer.integration.compare;

import static io.healer.integration.support.TextFile.write;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.healer.integration.kubernetes.KubeRest;
import io.healer.integration.openstack.RealOpenStack;
import io.healer.integration.support.RecordingProxy;
import io.healer.integration.support.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Runs a scenario with one healer: a fresh control plane on the shared cloud, the healer started
 * with the shared {@code config.yaml}, a quiet spell of {@value #QUIET_INTERVALS} monitor intervals
 * (its steady cost), the fault, the first repair request awaited, the broken nodes awaited back,
 * then {@value #AFTER_INTERVALS} intervals more to catch a repair too many. Every figure comes from
 * the servers: the recording proxies of the cloud, the API server's audit log, {@code /proc}.
 */
final class ComparisonRun implements AutoCloseable {

  /** The shared config's monitor interval. */
  static final Duration INTERVAL = Duration.ofSeconds(5);
  /** The shared config's unhealthy-duration of the NodeCondition checks. */
  static final Duration UNHEALTHY_DURATION = Duration.ofSeconds(10);
  private static final int QUIET_INTERVALS = 4;
  private static final int AFTER_INTERVALS = 3;
  private static final Duration REPAIR_DEADLINE = Duration.ofMinutes(2);
  private static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(90);
  private static final String LEASE = "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/magnum-auto-healer";

  private final RealOpenStack openstack;
  private final Path dir;
  private final Path config;
  private final Path kubeconfig;
  private final HealthEndpoint apiServerHealth = new HealthEndpoint();
  /** The worker servers {@link #workerGroup} added, oldest first: the first to go when the group shrinks. */
  private final List<String> added = new ArrayList<>();

  /** Writes the shared config.yaml in {@code dir}; every run of this comparison reads that one file. */
  ComparisonRun(RealOpenStack openstack, Path dir) {
    this.openstack = openstack;
    this.dir = dir;
    this.config = dir.resolve("config.yaml");
    this.kubeconfig = dir.resolve("auto-healer.kubeconfig");
    write(config, SharedConfig.yaml(kubeconfig, apiServerHealth.port(), openstack.recordedPasswordAuth()));
  }

  /** The shared config.yaml. */
  Path config() {
    return config;
  }

  /** One run of {@code scenario} with {@code tool}. */
  RunFigures run(Tool tool, Scenario scenario) {
    openstack.awaitSettled();
    workerGroup(scenario.workers());
    long t0 = System.nanoTime();
    String slug = scenario.title().replaceAll("\\W+", "-");
    Path runDir = dir.resolve(slug + "-" + tool.name().toLowerCase());
    // A second run of the same pair (the JVM options trial) starts on a fresh control plane too.
    for (int n = 2; Files.exists(runDir); n++) {
      runDir = dir.resolve(slug + "-" + tool.name().toLowerCase() + "-" + n);
    }
    Path runConfig = scenarioConfig(scenario, slug);
    try (ComparisonWorld world = new ComparisonWorld(openstack, runDir.resolve("kubernetes"), kubeconfig,
        apiServerHealth); Replicas replicas = Replicas.start(tool, runConfig, runDir)) {
      Tool.Running leader = replicas.get(0);
      Wait.until(tool.title() + " holds the Lease or has ended (log " + leader.process().log() + ")",
          Duration.ofSeconds(90), () -> !leader.process().isAlive() || leaseHeld(world));
      if (!leader.process().isAlive()) {
        return refused(tool, leader, t0);
      }
      for (int i = 1; i < scenario.replicas(); i++) {
        replicas.add();
      }
      replicas.supervise();
      Instant quietFrom = Instant.now();
      observe(INTERVAL.multipliedBy(QUIET_INTERVALS));
      Instant quietTo = Instant.now();
      Instant fault = Instant.now();
      List<String> broken = scenario.inject(world);
      Set<String> brokenServers = new HashSet<>(world.serversOf(broken));
      scenario.unfold(stage(tool, world, replicas, fault));
      if (scenario.expectsRepair()) {
        awaitQuietly(tool.title() + " sends a repair", REPAIR_DEADLINE, () -> !repairs(tool, world, fault).isEmpty());
        if (scenario.comesBack()) {
          awaitQuietly("the broken nodes are back", RECOVERY_DEADLINE,
              () -> broken.stream().allMatch(n -> world.recoveredAt(n) != null));
        }
      }
      observe(INTERVAL.multipliedBy(AFTER_INTERVALS));
      ProcessUsage usage = replicas.usage();
      List<CloudRepair> repairs = repairs(tool, world, fault);
      Map<String, String> nodeOf = invert(world.serverOfNode());
      List<String> lines = lines(repairs, replicas.events(), world, nodeOf, fault);
      Duration first = repairs.isEmpty() ? null : Duration.between(fault, repairs.get(0).at());
      int wrong = (int) repairs.stream().filter(r -> r.servers().stream().anyMatch(s -> !brokenServers.contains(s)))
          .count();
      int doubles = 0;
      for (String node : broken) {
        doubles += doubles(repairs, world.serverOfNode().get(node), world.recoveredAt(node));
      }
      int whileUpdating = (int) repairs.stream().filter(r -> r.starts() && world.updatingAt(r.at())).count();
      int replacements = (int) repairs.stream().filter(CloudRepair::replaces).count();
      double intervals = Duration.between(quietFrom, quietTo).toMillis() / (double) INTERVAL.toMillis();
      double kube = kubeRequests(world, quietFrom, quietTo) / intervals;
      double cloud = cloudRequests(tool, quietFrom, quietTo).size() / intervals;
      Duration afterUpdate = repairs.isEmpty() ? null : afterUpdate(world, repairs.get(0).at());
      RunFigures figures = new RunFigures(tool, "ran", lines, first, wrong, doubles, kube, cloud, usage,
          Duration.ofNanos(System.nanoTime() - t0), replicas.exits(), whileUpdating, replacements, afterUpdate);
      System.out.println("[compare] " + scenario.title() + ": " + figures);
      return figures;
    }
  }

  /**
   * Gives the cloud's {@code default-worker} group {@code count} servers, as an operator does
   * (Magnum's resize, not through the recording proxies: no healer asked for it), and waits until
   * Magnum and Heat are done. A smaller group loses the servers this comparison added first, so
   * that the servers every other row runs on stay the same.
   */
  private void workerGroup(int count) {
    List<String> servers = openstack.workerServers();
    if (servers.size() == count) {
      return;
    }
    List<String> remove = new ArrayList<>();
    if (servers.size() > count) {
      List<String> newestFirst = new ArrayList<>(added);
      Collections.reverse(newestFirst);
      newestFirst.retainAll(servers);
      for (int i = servers.size() - 1; i >= 0; i--) {
        if (!newestFirst.contains(servers.get(i))) {
          newestFirst.add(servers.get(i));
        }
      }
      remove.addAll(newestFirst.subList(0, servers.size() - count));
    }
    long t0 = System.nanoTime();
    int answer = openstack.resizeWorkers(count, remove);
    if (answer != 202) {
      throw new IllegalStateException("Magnum answered the resize of default-worker from " + servers.size() + " to "
          + count + " with " + answer);
    }
    // Magnum's conductor takes the resize up after its API answered: settled counts only with the new count.
    Wait.until("default-worker has " + count + " servers and the cluster is settled", Duration.ofMinutes(4),
        () -> settled(openstack.clusterAndStackStatus()) && openstack.workerServers().size() == count);
    openstack.awaitSettled();
    List<String> now = openstack.workerServers();
    now.stream().filter(s -> !servers.contains(s)).forEach(added::add);
    added.removeAll(remove);
    System.out.printf("[compare] default-worker resized from %d to %d servers in %.1f s%n", servers.size(), count,
        (System.nanoTime() - t0) / 1e9);
  }

  private static boolean settled(String clusterAndStack) {
    return Arrays.stream(clusterAndStack.split("/")).allMatch(s -> s.endsWith("_COMPLETE"));
  }

  /**
   * Repairs that should not have been: a repair started on {@code server} after its node came back
   * ({@code back}), and a repair step sent again to a server that already had it (a second reboot
   * of the same fault: a healer that forgot its first).
   */
  private static int doubles(List<CloudRepair> repairs, String server, Instant back) {
    List<CloudRepair> starts = repairs.stream().filter(r -> r.starts() && r.servers().contains(server)).toList();
    int after = back == null ? 0 : (int) starts.stream().filter(r -> r.at().isAfter(back)).count();
    List<CloudRepair> before = back == null ? starts : starts.stream().filter(r -> !r.at().isAfter(back)).toList();
    int repeated = before.size() - (int) before.stream().map(CloudRepair::action).distinct().count();
    return after + repeated;
  }

  /** The row's repair cell: each repair request, each replica's end or start, each operator's update, by time. */
  private static List<String> lines(List<CloudRepair> repairs, List<Replicas.Event> events, ComparisonWorld world,
      Map<String, String> nodeOf, Instant fault) {
    record Line(Instant at, String text) {}
    List<Line> lines = new ArrayList<>();
    repairs.forEach(r -> lines.add(new Line(r.at(), describe(r, nodeOf, fault)
        + (r.starts() && world.updatingAt(r.at()) ? " (cluster updating)" : ""))));
    events.stream().filter(e -> e.at().isAfter(fault)).forEach(e -> lines.add(new Line(e.at(),
        "*" + e.text() + String.format(" @ %.1f s*", seconds(fault, e.at())))));
    world.updateWindows().forEach(w -> lines.add(new Line(w.start, String.format("*cluster updating %.1f–%s s*",
        seconds(fault, w.start), w.end == null ? "?" : String.format("%.1f", seconds(fault, w.end))))));
    return lines.stream().sorted(Comparator.comparing(Line::at)).map(Line::text).toList();
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  private Stage stage(Tool tool, ComparisonWorld world, Replicas replicas, Instant fault) {
    return new Stage() {
      @Override
      public ComparisonWorld world() {
        return world;
      }

      @Override
      public Replicas replicas() {
        return replicas;
      }

      @Override
      public Instant fault() {
        return fault;
      }

      @Override
      public void observe(Duration span) {
        ComparisonRun.observe(span);
      }

      @Override
      public boolean awaitRepair(String what, Duration timeout, Predicate<CloudRepair> wanted) {
        return awaitQuietly(tool.title() + " sends " + what, timeout,
            () -> repairsSince(tool, world, fault).stream().anyMatch(wanted));
      }

      @Override
      public List<CloudRepair> repairs() {
        return repairsSince(tool, world, fault);
      }
    };
  }

  /** The config the scenario's runs read: the shared one, or its own changed copy. */
  private Path scenarioConfig(Scenario scenario, String slug) {
    try {
      String shared = Files.readString(config);
      String changed = scenario.config().apply(shared);
      if (changed.equals(shared)) {
        return config;
      }
      Path own = dir.resolve(slug + ".yaml");
      write(own, changed);
      return own;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * From the end of the operator's update that last ended before {@code repair} to it; {@code null} when no
   * update ended before. How long the cloud keeps the cluster updating is Heat's doing, not the healer's.
   */
  private static Duration afterUpdate(ComparisonWorld world, Instant repair) {
    return world.updateWindows().stream().map(w -> w.end).filter(end -> end != null && !end.isAfter(repair))
        .max(Instant::compareTo).map(end -> Duration.between(end, repair)).orElse(null);
  }

  /** A healer that ended before it led: what it said last is the outcome. */
  private RunFigures refused(Tool tool, Tool.Running healer, long t0) {
    String said = healer.process().output().lines().filter(l -> l.contains("ERROR") || l.contains("error")
        || l.startsWith("F")).reduce((a, b) -> b).orElse(healer.process().tail(1)).strip();
    // Its first clause is what a person acts on (the key, the nearest known one); the list after it is long.
    int list = said.indexOf("; known keys");
    said = (list < 0 ? said : said.substring(0, list)).replace(dir + "/", "");
    RunFigures figures = new RunFigures(tool, "ended at start (exit " + healer.process().exitCode() + "): " + said,
        List.of(), null, 0, 0, 0, 0, null, Duration.ofNanos(System.nanoTime() - t0), 0, 0, 0, null);
    System.out.println("[compare] " + figures);
    return figures;
  }

  private List<CloudRepair> repairsSince(Tool tool, ComparisonWorld world, Instant fault) {
    return repairs(tool, world, fault);
  }

  private List<CloudRepair> repairs(Tool tool, ComparisonWorld world, Instant fault) {
    List<CloudRepair> repairs = new ArrayList<>();
    for (RecordingProxy.Request r : cloudRequests(tool, fault, Instant.MAX)) {
      CloudRepair.of(r, world.servers()).ifPresent(repairs::add);
    }
    return repairs;
  }

  private List<RecordingProxy.Request> cloudRequests(Tool tool, Instant from, Instant to) {
    return openstack.requests().stream().filter(tool::sent)
        .filter(r -> !r.at().isBefore(from) && r.at().isBefore(to)).toList();
  }

  /** The audit log's requests of {@link ComparisonWorld#USER} received in [from, to), each counted once. */
  private static long kubeRequests(ComparisonWorld world, Instant from, Instant to) {
    try (var lines = Files.lines(world.cluster.auditLog())) {
      return lines.filter(l -> l.contains("\"" + ComparisonWorld.USER + "\""))
          .map(l -> JsonParser.parseString(l).getAsJsonObject())
          .filter(e -> e.getAsJsonObject("user").get("username").getAsString().equals(ComparisonWorld.USER))
          .filter(e -> inWindow(e, from, to))
          .map(e -> e.get("auditID").getAsString()).distinct().count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean inWindow(JsonObject event, Instant from, Instant to) {
    Instant at = Instant.parse(event.get("requestReceivedTimestamp").getAsString());
    return !at.isBefore(from) && at.isBefore(to);
  }

  private static boolean leaseHeld(ComparisonWorld world) {
    KubeRest.Answer lease = world.cluster.rest().get(LEASE);
    return lease.ok() && lease.body().getAsJsonObject("spec").has("holderIdentity")
        && !lease.body().getAsJsonObject("spec").get("holderIdentity").getAsString().isBlank();
  }

  /**
   * Lets the healer run for {@code span}: a measuring window, not a wait for a condition (what is
   * measured is what it does in that time, its replicas' ends and restarts included).
   */
  private static void observe(Duration span) {
    Instant end = Instant.now().plus(span);
    Wait.until("the healer runs for " + span.toSeconds() + " s", span.plusSeconds(10),
        () -> !Instant.now().isBefore(end));
  }

  /** Waits for what a healer may never do: the run goes on either way, and the figures show it. */
  private static boolean awaitQuietly(String what, Duration timeout, BooleanSupplier condition) {
    try {
      Wait.until(what, timeout, condition);
      return true;
    } catch (AssertionError e) {
      System.out.println("[compare] " + e.getMessage());
      return false;
    }
  }

  private static String describe(CloudRepair r, Map<String, String> nodeOf, Instant fault) {
    StringBuilder text = new StringBuilder(r.action());
    r.servers().forEach(s -> text.append(' ').append(nodeOf.getOrDefault(s, s)));
    return text.append(String.format(" @ %.1f s", Duration.between(fault, r.at()).toMillis() / 1000.0)).toString();
  }

  private static Map<String, String> invert(Map<String, String> map) {
    Map<String, String> inverted = new LinkedHashMap<>();
    map.forEach((k, v) -> inverted.put(v, k));
    return inverted;
  }

  /** Stops the master's health endpoint. */
  @Override
  public void close() {
    apiServerHealth.close();
  }
}
