package io.healer.simulation;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.cloud.RepairAction;
import io.healer.testkit.FakeCluster;
import io.healer.testkit.Fault;
import io.healer.testkit.ManualClock;
import io.healer.testkit.Nodes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ground truth: which machines are really broken and since when, which nodes are only cut off
 * or flapping, and which repairs are under way. It drives the {@link FakeCluster} so that the
 * cluster shows what Kubernetes would, and it alone decides when a failure starts and ends.
 */
final class World {

  /** What the simulator knows about one node that healer cannot. */
  static final class Truth {
    final String name;
    final NodeRole role;
    final String group;
    Episode episode;
    Episode last;
    Instant partitionedSince;
    boolean flapping;
    /** Until when a repair the cloud carried out keeps the machine (and a master's etcd) down. */
    Instant underRepairUntil;

    Truth(String name, NodeRole role, String group) {
      this.name = name;
      this.role = role;
      this.group = group;
    }
  }

  /** A repair healer believes under way, occupying a slot, until it is over or the node is sound. */
  record InFlight(String node, NodeRole role, String group, RepairAction action, Instant from, Instant until) {}

  final Scenario scenario;
  final ManualClock clock;
  final FakeCluster cluster;
  final Map<String, Truth> truth = new LinkedHashMap<>();
  final List<Episode> episodes = new ArrayList<>();
  final List<InFlight> inFlight = new ArrayList<>();
  /** Per master, the last instant a leader's cycle found its API server answering. */
  final Map<String, Instant> apiAnswerSeenByLeader = new java.util.HashMap<>();
  private Referee referee;

  World(Scenario scenario, ManualClock clock) {
    this.scenario = scenario;
    this.clock = clock;
    this.cluster = new FakeCluster(clock);
    Instant created = clock.instant().minus(FakeCluster.ESTABLISHED_AGE);
    for (int i = 1; i <= scenario.masters; i++) {
      String name = Scenario.master(i);
      cluster.add(Nodes.master(name, created).build());
      truth.put(name, new Truth(name, NodeRole.MASTER, Nodes.MASTER_NODE_GROUP));
    }
    for (int i = 1; i <= scenario.workers; i++) {
      String name = Scenario.worker(i);
      String group = scenario.workerGroup(i);
      cluster.add(Nodes.worker(name, created).label(Nodes.NODE_GROUP_LABEL, group).build());
      truth.put(name, new Truth(name, NodeRole.WORKER, group));
    }
  }

  void referee(Referee referee) {
    this.referee = referee;
  }

  // --- disturbances -----------------------------------------------------------------------------

  /**
   * Breaks a machine, unless the node is already broken (one failure at a time keeps every
   * failure's bound clear).
   *
   * @return the new episode, or empty when skipped
   */
  Optional<Episode> breakMachine(String node, Disturbance.MachineFault fault, Instant at) {
    Truth t = truth.get(node);
    if (t.episode != null) {
      return Optional.empty();
    }
    Episode.Cause cause = Episode.Cause.of(fault);
    Episode e = open(t, cause, at);
    cluster.fault(node, switch (fault) {
      case KUBELET_DEATH -> Fault.kubeletDeath();
      case DISK -> Fault.diskCorruption();
      case HARDWARE -> Fault.hardware();
    });
    return Optional.of(e);
  }

  /** A master's API server dies; its machine and kubelet stay up. */
  Optional<Episode> killApiServer(String master, Instant at) {
    Truth t = truth.get(master);
    if (t.episode != null) {
      return Optional.empty();
    }
    return Optional.of(open(t, Episode.Cause.API_SERVER, at));
  }

  /** The failure goes away by itself (systemd restarted the kubelet or the API server). */
  void selfRecover(Episode e, Instant at) {
    Truth t = truth.get(e.node);
    if (t.episode != e || t.flapping) {
      return;
    }
    if (e.cause != Episode.Cause.API_SERVER) {
      cluster.revive(e.node);
    }
    // Reviving applies the cluster's due effects first: a repair may have ended the failure already.
    if (t.episode == e) {
      close(t, at);
    }
  }

  void startFlapping(String node, Duration period) {
    Truth t = truth.get(node);
    if (t.flapping) {
      return;
    }
    t.flapping = true;
    cluster.flap(node, period);
  }

  void stopFlapping(String node) {
    Truth t = truth.get(node);
    if (t.flapping) {
      t.flapping = false;
      cluster.stopFlapping(node);
    }
  }

  void cutOff(String node, Instant at) {
    truth.get(node).partitionedSince = at;
  }

  void reconnect(String node) {
    truth.get(node).partitionedSince = null;
  }

  // --- repairs ----------------------------------------------------------------------------------

  /**
   * The cloud carried out a repair: it reaches the machine at {@code reachAt}, on the machine the
   * node ran on when it was asked (a node replaced meanwhile is left alone, as a real cloud would).
   */
  void carriedOut(NodeInfo target, RepairAction action, Instant at, Instant reachAt) {
    Truth t = truth.get(target.name());
    if (t.underRepairUntil == null || t.underRepairUntil.isBefore(reachAt)) {
      t.underRepairUntil = reachAt;
    }
    String providerId = target.providerId().orElse(null);
    cluster.schedule(reachAt, () -> reach(target.name(), providerId, action, reachAt));
  }

  /** Healer considers a repair under way from {@code from} until {@code until}. */
  void occupySlot(String node, RepairAction action, Instant from, Instant until) {
    Truth t = truth.get(node);
    inFlight.add(new InFlight(node, t.role, t.group, action, from, until));
  }

  private void reach(String node, String providerId, RepairAction action, Instant at) {
    if (!cluster.contains(node)) {
      return;
    }
    NodeInfo now = cluster.node(node);
    if (providerId != null && !providerId.equals(now.providerId().orElse(null))) {
      return;
    }
    Truth t = truth.get(node);
    cluster.repairMachine(node, action);
    if (action == RepairAction.REPLACE) {
      // A new machine: flapping belonged to the old one.
      t.flapping = false;
    }
    Episode e = t.episode;
    if (e != null && e.cause.fixedBy(action)) {
      close(t, at);
    }
  }

  // --- what healer could see --------------------------------------------------------------------

  /** Whether a probe of the master's API server answers: it is up, and reachable. */
  boolean apiServerAnswers(String master) {
    Truth t = truth.get(master);
    if (t.partitionedSince != null) {
      return false;
    }
    Episode e = t.episode;
    return e == null || (e.cause != Episode.Cause.API_SERVER && !e.cause.stopsEtcd());
  }

  /** Whether the master's etcd member is up by ground truth. */
  boolean etcdUp(String master, Instant at) {
    Truth t = truth.get(master);
    if (t.partitionedSince != null) {
      return false;
    }
    if (t.underRepairUntil != null && at.isBefore(t.underRepairUntil)) {
      return false;
    }
    return t.episode == null || !t.episode.cause.stopsEtcd();
  }

  /** Repairs other than the node's own that healer holds under way at {@code at}. */
  List<InFlight> othersInFlight(String node, Instant at) {
    List<InFlight> others = new ArrayList<>();
    for (InFlight f : inFlight) {
      if (!f.node().equals(node) && !at.isBefore(f.from()) && (at.isBefore(freedAt(f)) || reoccupied(f, at))) {
        others.add(f);
      }
    }
    return others;
  }

  /**
   * Whether a freed slot is taken again: healer counts a node that is not healthy and whose last
   * step's time is not over as under repair, so a node that fails anew while it keeps its history
   * (within healthy-duration of recovering) holds the slot again until that step's time is over
   * (README Findings 4). Counted from the new break, a little before healer can see it.
   */
  private boolean reoccupied(InFlight f, Instant at) {
    if (!at.isBefore(f.until())) {
      return false;
    }
    Instant forgotten = freedAt(f).plus(scenario.config.healthyDuration()).plus(scenario.interval.multipliedBy(2));
    for (Episode e : episodes) {
      if (e.node.equals(f.node()) && e.start.isAfter(f.from()) && !at.isBefore(e.start)
          && e.start.isBefore(forgotten) && (e.end == null || at.isBefore(e.end.plus(scenario.interval)))) {
        return true;
      }
    }
    return false;
  }

  /** A slot is freed when the step's time is over, or once healer sees the node sound again. */
  private Instant freedAt(InFlight f) {
    Truth t = truth.get(f.node());
    if (t.flapping) {
      // healer sees a flapping node unhealthy half the time: it may hold the slot to the end.
      return f.until();
    }
    Episode e = t.episode != null && !t.episode.start.isAfter(f.from()) ? t.episode : t.last;
    if (e != null && e.end != null && !e.end.isBefore(f.from())) {
      Instant seen = e.end.plus(scenario.interval);
      if (f.role() == NodeRole.MASTER) {
        // healer keeps a master's accepted rebuild or replacement in flight while it looks healthy
        // (it may still take it down), until the wait is over or healer forgets the recovered node.
        seen = seen.plus(scenario.config.healthyDuration()).plus(scenario.interval);
      }
      return seen.isBefore(f.until()) ? seen : f.until();
    }
    if (e == null || e.start.isAfter(f.from())) {
      // The node was sound when asked: healer frees the slot when it sees it healthy.
      return f.from().plus(scenario.interval);
    }
    return f.until();
  }

  // --- episodes ---------------------------------------------------------------------------------

  private Episode open(Truth t, Episode.Cause cause, Instant at) {
    NodeInfo node = cluster.node(t.name);
    Duration interval = scenario.interval;
    Instant byCondition = at.plus(Scenario.NODE_MONITOR_GRACE).plus(scenario.conditionUnhealthy);
    Instant byEndpoint = at.plus(scenario.apiServerUnhealthy);
    Instant eligible;
    Duration minUd;
    if (cause == Episode.Cause.API_SERVER) {
      eligible = byEndpoint;
      minUd = scenario.apiServerUnhealthy;
    } else if (t.role == NodeRole.MASTER && cause.stopsEtcd()) {
      eligible = byCondition.isBefore(byEndpoint) ? byCondition : byEndpoint;
      minUd = min(scenario.conditionUnhealthy, scenario.apiServerUnhealthy);
    } else {
      eligible = byCondition;
      minUd = scenario.conditionUnhealthy;
    }
    Instant judgedFrom = node.creationTime().plus(scenario.config.checkDelayAfterAdd());
    if (judgedFrom.plus(minUd).isAfter(eligible)) {
      eligible = judgedFrom.plus(minUd);
    }
    Episode e = new Episode(episodes.size() + 1, t.name, t.role, t.group, cause, at, eligible, minUd);
    Episode previous = t.last;
    // healer keeps a recovered node's history (escalation, spent retries) for healthy-duration.
    if (previous != null && previous.end != null
        && at.isBefore(previous.end.plus(scenario.config.healthyDuration()).plus(interval.multipliedBy(2)))) {
      e.inheritedFailures = previous.inheritedFailures + previous.failures;
      // ...and continues the escalation once the last step's time to recover is over.
      for (InFlight f : inFlight) {
        if (f.node().equals(t.name) && !f.from().isBefore(previous.start)
            && (e.holdUntil == null || f.until().isAfter(e.holdUntil))) {
          e.holdUntil = f.until();
        }
      }
    }
    t.episode = e;
    episodes.add(e);
    return e;
  }

  private void close(Truth t, Instant at) {
    Episode e = t.episode;
    e.end = at;
    t.last = e;
    t.episode = null;
    if (referee != null) {
      referee.ended(e);
    }
  }

  Episode episodeOf(String node) {
    return truth.get(node).episode;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
