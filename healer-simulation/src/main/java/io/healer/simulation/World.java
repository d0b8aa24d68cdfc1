package io.healer.simulation;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.cloud.RepairAction;
import io.healer.fakes.FakeCluster;
import io.healer.fakes.Fault;
import io.healer.fakes.ManualClock;
import io.healer.fakes.Nodes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ground truth: which machines are really broken and since when, which nodes are only cut off
 * or flapping, and which repairs are under way. It drives the {@link FakeCluster} so that the
 * cluster shows what Kubernetes would, and it alone decides when a failure starts and ends.
 *
 * <p>A repair the cloud carries out takes the machine down at once (a reboot shuts the guest down,
 * a rebuild or a replace tears it down) and brings it back when the repair reaches it, 1–3 minutes
 * later or 6–15 for a slow boot. While it is down its kubelet is silent (the cluster holds the
 * {@link #DOWN_FOR_REPAIR} fault, so the node reads Ready=Unknown once the lifecycle controller's
 * grace is over), a master's API server does not answer and its etcd member is down. The downtime
 * is not a failure of its own: it opens no episode, and a failure of the machine stays open through
 * it until the machine is back with a repair that fixes it.
 */
final class World {

  /**
   * What the cluster shows while a repair keeps a machine down: a silent kubelet. Any repair
   * "fixes" it, but only the last pending repair to reach the machine applies a repair to the
   * cluster (see {@link #reach}); a self-recovery never clears it.
   */
  static final Fault DOWN_FOR_REPAIR = Fault.kubeletStopped("down for a repair", EnumSet.allOf(RepairAction.class));

  /** What the simulator knows about one node that healer cannot. */
  static final class Truth {
    final String name;
    final NodeRole role;
    final String group;
    Episode episode;
    Episode last;
    Instant partitionedSince;
    /**
     * The last partition that ended: since when and until when it cut the node off, or null. A
     * kubelet that went silent before its end (it died while cut off) has been Unknown since the cut:
     * the node lifecycle controller does not mark an Unknown node again.
     */
    Instant lastCutSince;
    Instant lastCutEnd;
    /** Partitions (a storm partition, a zone outage) cutting the node off now: it reconnects when the last ends. */
    int cuts;
    boolean flapping;
    /**
     * The repairs the cloud carried out that have not reached the machine yet, oldest first: the
     * machine is down while there is any (with overlapping repairs, until the last one reaches it).
     */
    final List<Repair> repairs = new ArrayList<>();
    /** The strongest action that reached the machine while another repair still kept it down. */
    RepairAction landed;
    /** Since when repairs keep the machine down, or null while it is up. */
    Instant downSince;
    /** The machine's past downtimes for repairs. */
    final List<Downtime> downtimes = new ArrayList<>();
    /**
     * The engine's {@code healthySince} as leaders' cycles saw it: since when every leader's cycle
     * found the node healthy, or null after one found it unhealthy.
     */
    Instant leaderHealthySince;
    /** The last leader's cycle that found the node healthy for healthy-duration: healer forgot its history then. */
    Instant historyForgotten;
    /** Since when the cloud reports the server SHUTOFF (a fault, or a power-off that took effect), or null. */
    Instant offSince;
    /** When a power-off healer asked for turns the server SHUTOFF, or null. */
    Instant offAt;
    /** When healer tainted the node out of service, or null while it carries no such taint. */
    Instant taintedAt;

    Truth(String name, NodeRole role, String group) {
      this.name = name;
      this.role = role;
      this.group = group;
    }
  }

  /** A repair the cloud carried out that reaches the machine at {@code reachAt}. */
  record Repair(RepairAction action, Instant reachAt) {}

  /** A time a machine was down for repairs, from the first one carried out until it was back. */
  record Downtime(Instant from, Instant until) {}

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
  private ApiView view;

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

  /** What healer sees, for when it could see a node sound again. */
  void view(ApiView view) {
    this.view = view;
  }

  // --- disturbances -----------------------------------------------------------------------------

  /**
   * Breaks a machine, unless the node is already broken (one failure at a time keeps every
   * failure's bound clear) or down for a repair (it is not running; a failure then would be one
   * that a repair still under way may or may not fix).
   *
   * @return the new episode, or empty when skipped
   */
  Optional<Episode> breakMachine(String node, Disturbance.MachineFault fault, Instant at) {
    Truth t = truth.get(node);
    if (t.episode != null || downForRepair(t)) {
      return Optional.empty();
    }
    Episode.Cause cause = Episode.Cause.of(fault);
    Episode e = open(t, cause, at);
    cluster.fault(node, switch (fault) {
      case KUBELET_DEATH -> Fault.kubeletDeath();
      case DISK -> Fault.diskCorruption();
      case HARDWARE -> Fault.hardware();
      case OFF_UNDRAINED -> Fault.kubeletStopped("the server is SHUTOFF",
          EnumSet.of(RepairAction.REBUILD, RepairAction.REPLACE));
    });
    if (fault == Disturbance.MachineFault.OFF_UNDRAINED) {
      t.offSince = at;
    }
    return Optional.of(e);
  }

  /** A master's API server dies; its machine and kubelet stay up. Skipped as {@link #breakMachine} is. */
  Optional<Episode> killApiServer(String master, Instant at) {
    Truth t = truth.get(master);
    if (t.episode != null || downForRepair(t)) {
      return Optional.empty();
    }
    return Optional.of(open(t, Episode.Cause.API_SERVER, at));
  }

  /**
   * The failure goes away by itself (systemd restarted the kubelet or the API server) — unless a
   * repair has taken the machine down meanwhile: nothing runs on it to recover, and the failure
   * ends when the repair brings the machine back (every cause that recovers by itself is one that
   * any repair fixes).
   */
  void selfRecover(Episode e, Instant at) {
    Truth t = truth.get(e.node);
    // downForRepair applies the cluster's due effects first: a repair may have ended the failure already.
    // A server healer powered off runs nothing that could recover by itself.
    if (downForRepair(t) || t.episode != e || t.flapping || t.offAt != null || t.offSince != null) {
      return;
    }
    if (e.cause != Episode.Cause.API_SERVER) {
      cluster.revive(e.node);
    }
    close(t, at);
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
    Truth t = truth.get(node);
    if (t.cuts++ == 0) {
      t.partitionedSince = at;
    }
  }

  void reconnect(String node, Instant at) {
    Truth t = truth.get(node);
    if (--t.cuts == 0) {
      t.lastCutSince = t.partitionedSince;
      t.lastCutEnd = at;
      t.partitionedSince = null;
    }
  }

  // --- repairs ----------------------------------------------------------------------------------

  /**
   * The cloud carried out a repair: the machine goes down now, and the repair reaches it at {@code
   * reachAt}. A repair of a machine the node no longer runs on (replaced meanwhile) finds nothing to
   * take down, as a real cloud's would.
   */
  void carriedOut(NodeInfo target, RepairAction action, Instant at, Instant reachAt) {
    String name = target.name();
    // contains() also applies the cluster's due effects: a repair that reached the machine by now is over.
    if (!cluster.contains(name) || !sameMachine(target, cluster.node(name))) {
      return;
    }
    Truth t = truth.get(name);
    if (t.repairs.isEmpty()) {
      cluster.fault(name, DOWN_FOR_REPAIR);
      t.downSince = at;
    }
    Repair repair = new Repair(action, reachAt);
    t.repairs.add(repair);
    cluster.schedule(reachAt, () -> reach(t, repair, reachAt));
  }

  /** Healer considers a repair under way from {@code from} until {@code until}. */
  void occupySlot(String node, RepairAction action, Instant from, Instant until) {
    Truth t = truth.get(node);
    inFlight.add(new InFlight(node, t.role, t.group, action, from, until));
  }

  /**
   * A repair reaches the machine. A replace puts a new machine in place at once (the repairs still
   * pending were for the old one). Otherwise, while another repair still keeps the machine down,
   * the action is only remembered; the last one to arrive brings the machine back with the
   * strongest action that reached it. A failure ends when the machine is back and fixed.
   */
  private void reach(Truth t, Repair repair, Instant at) {
    if (!t.repairs.remove(repair)) {
      return; // the machine it was for was replaced meanwhile
    }
    RepairAction applied;
    if (repair.action() == RepairAction.REPLACE) {
      applied = RepairAction.REPLACE;
      t.repairs.clear();
      // A new machine: flapping belonged to the old one.
      t.flapping = false;
    } else if (!t.repairs.isEmpty()) {
      t.landed = stronger(t.landed, repair.action());
      if (referee != null) {
        referee.reached(t.name, repair.action(), null, at);
      }
      return;
    } else {
      applied = stronger(t.landed, repair.action());
    }
    t.landed = null;
    // Any repair that reaches the machine starts it; a replaced node is a new Node, without the old one's taint.
    t.offSince = null;
    t.offAt = null;
    if (applied == RepairAction.REPLACE) {
      t.taintedAt = null;
    }
    t.downtimes.add(new Downtime(t.downSince, at));
    t.downSince = null;
    // Removes DOWN_FOR_REPAIR and whatever the action fixes; a replace puts a new node in place.
    cluster.repairMachine(t.name, applied);
    if (referee != null) {
      referee.reached(t.name, repair.action(), applied, at);
    }
    Episode e = t.episode;
    if (e != null && e.cause.fixedBy(applied)) {
      close(t, at);
    }
  }

  private static boolean sameMachine(NodeInfo asked, NodeInfo now) {
    String providerId = asked.providerId().orElse(null);
    return providerId == null || providerId.equals(now.providerId().orElse(null));
  }

  private static RepairAction stronger(RepairAction a, RepairAction b) {
    return a == null || b.compareTo(a) > 0 ? b : a;
  }

  // --- power and fencing -----------------------------------------------------------------------

  /** What Nova says of the node's server: SHUTOFF, ACTIVE, or REBUILD while a repair keeps it down. */
  io.healer.api.cloud.PowerState power(String node, Instant now) {
    Truth t = truth.get(node);
    if (t.offAt != null && !now.isBefore(t.offAt)) {
      t.offSince = t.offAt;
      t.offAt = null;
    }
    if (downForRepair(t)) {
      return io.healer.api.cloud.PowerState.other("REBUILD");
    }
    return t.offSince != null ? io.healer.api.cloud.PowerState.off("SHUTOFF")
        : io.healer.api.cloud.PowerState.running("ACTIVE");
  }

  /** The cloud accepted a power-off: the server is SHUTOFF {@code takes} later, unless off already. */
  void powerOff(String node, Instant at, Duration takes) {
    Truth t = truth.get(node);
    if (t.offSince == null && t.offAt == null) {
      t.offAt = at.plus(takes);
    }
  }

  void taint(String node, Instant at) {
    Truth t = truth.get(node);
    if (t.taintedAt == null) {
      t.taintedAt = at;
    }
  }

  void untaint(String node) {
    truth.get(node).taintedAt = null;
  }

  /** Whether the node's pods could not be drained: its kubelet is silent (a broken machine or one down for a repair). */
  boolean podsStuck(String node) {
    Truth t = truth.get(node);
    return t.episode != null && t.episode.cause.silencesKubelet() || downForRepair(t);
  }

  // --- hosts and the second opinion ------------------------------------------------------------

  /** Per host, the failures its outage opened: the host is DOWN while one of them is open. */
  private final Map<String, List<Episode>> hostOutages = new java.util.HashMap<>();

  /** A hypervisor died: its failures are these episodes. */
  void hostDown(String host, List<Episode> failures) {
    hostOutages.computeIfAbsent(host, h -> new ArrayList<>()).addAll(failures);
  }

  /** What Nova's host_status says of the host: DOWN while a failure its outage opened is open, else UP. */
  String hostStatus(String host) {
    List<Episode> failures = hostOutages.getOrDefault(host, List.of());
    return failures.stream().anyMatch(Episode::open) ? "DOWN" : "UP";
  }

  /**
   * What Nova says of the node's server for the second opinion: its power state in Nova's words,
   * its host, and that host's state where the scenario's cloud shows it.
   */
  io.healer.api.cloud.ServerState serverState(String node, Instant now) {
    io.healer.api.cloud.PowerState power = power(node, now);
    String host = Scenario.hostOf(node);
    return io.healer.api.cloud.ServerState.reported(power.detail(), host,
        scenario.hostStatusShown ? hostStatus(host) : null, null);
  }

  // --- what healer could see --------------------------------------------------------------------

  /** Whether a probe of the master's API server answers: it is up (not down for a repair), and reachable. */
  boolean apiServerAnswers(String master) {
    Truth t = truth.get(master);
    if (t.partitionedSince != null || downForRepair(t)) {
      return false;
    }
    Episode e = t.episode;
    return e == null || (e.cause != Episode.Cause.API_SERVER && !e.cause.stopsEtcd());
  }

  /** Whether the master's etcd member is up by ground truth (now: repairs reach machines on the clock). */
  boolean etcdUp(String master) {
    return whyEtcdDown(master) == null;
  }

  /** Why the master's etcd member is down by ground truth, or null when it is up. */
  String whyEtcdDown(String master) {
    Truth t = truth.get(master);
    if (t.partitionedSince != null) {
      return "cut off by a partition";
    }
    if (downForRepair(t)) {
      return "down for a repair under way" + (t.episode == null ? "" : ", " + t.episode);
    }
    return t.episode != null && t.episode.cause.stopsEtcd() ? t.episode.toString() : null;
  }

  /** Whether a repair the cloud carried out keeps the node's machine down now. */
  boolean downForRepair(String node) {
    return downForRepair(truth.get(node));
  }

  private boolean downForRepair(Truth t) {
    // Any use of the cluster first applies the effects due by now: the repairs that reached their machines.
    cluster.contains(t.name);
    return !t.repairs.isEmpty();
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
    Instant sound;
    if (e != null && e.end != null && !e.end.isBefore(f.from())) {
      // A failure ends when its machine is up again (a repair's downtime is part of it).
      sound = e.end;
    } else if (e == null || e.start.isAfter(f.from())) {
      // The machine was sound when asked, but a repair the cloud carried out takes it down until it is back.
      sound = backUp(t, f.from());
    } else {
      return f.until();
    }
    if (sound == null) {
      return f.until();
    }
    // A watch drop delays the sight of it: healer frees the slot once it sees the node sound.
    Instant seen = (view == null ? sound : view.reachesHealer(sound)).plus(scenario.interval);
    if (f.role() == NodeRole.MASTER) {
      // healer keeps a master's accepted step in flight while it looks healthy (since seed 2346),
      // until the wait is over or healer forgets the recovered node.
      seen = seen.plus(scenario.config.healthyDuration()).plus(scenario.interval);
    }
    return seen.isBefore(f.until()) ? seen : f.until();
  }

  /**
   * When the machine is up again after {@code at}: {@code at} itself when it was up then, the end
   * of the downtime that {@code at} falls in, or null while that downtime lasts.
   */
  private static Instant backUp(Truth t, Instant at) {
    if (t.downSince != null && !at.isBefore(t.downSince)) {
      return null;
    }
    for (Downtime d : t.downtimes) {
      if (!at.isBefore(d.from()) && at.isBefore(d.until())) {
        return d.until();
      }
    }
    return at;
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
    boolean checkDelayed = judgedFrom.plus(minUd).isAfter(eligible);
    if (checkDelayed) {
      eligible = judgedFrom.plus(minUd);
    }
    Episode e = new Episode(episodes.size() + 1, t.name, t.role, t.group, cause, at, eligible, minUd);
    e.checkDelayed = checkDelayed;
    Episode previous = t.last;
    if (previous != null && previous.end != null) {
      // Whether healer still keeps the previous failure's history is decided when a leader first
      // sees this one (leaderSaw): healer forgets it only in a cycle that finds the node healthy
      // for healthy-duration, not at a fixed time after the failure ended (seeds 13552, 15676).
      e.history = previous;
    }
    t.episode = e;
    episodes.add(e);
    return e;
  }

  /**
   * A leader's cycle judged the node (it reports conditions and is past check-delay-after-add),
   * as the engine's tracker does: it keeps a recovered node's history (escalation, spent retries)
   * until a cycle finds it healthy for healthy-duration since the first cycle that found it
   * healthy again. So the history outlives healthy-duration by ground truth when no leader's cycle
   * saw the node then: a watch drop (the node source threw; seed 13552), a leader gap or a restart
   * — and when the node failed again before the next cycle, healer continues the old escalation.
   * A flapping node is seen unhealthy again and again and keeps its history as long as it flaps
   * (seed 15676). The first time a leader sees a new failure decides whether it inherits.
   */
  void leaderSaw(String node, boolean unhealthy, Instant now) {
    Truth t = truth.get(node);
    if (!unhealthy) {
      if (t.leaderHealthySince == null) {
        t.leaderHealthySince = now;
      }
      if (!now.isBefore(t.leaderHealthySince.plus(scenario.config.healthyDuration()))) {
        t.historyForgotten = now;
      }
      return;
    }
    t.leaderHealthySince = null;
    Episode e = t.episode;
    if (e == null || e.history == null) {
      return;
    }
    Episode previous = e.history;
    e.history = null;
    if (t.historyForgotten != null && !t.historyForgotten.isBefore(previous.end)) {
      return;
    }
    e.inheritedFailures = previous.inheritedFailures + previous.failures;
    // ...and continues the escalation once the last step's time to recover is over (Findings 4).
    for (InFlight f : inFlight) {
      if (f.node().equals(t.name) && !f.from().isBefore(previous.start)
          && (e.holdUntil == null || f.until().isAfter(e.holdUntil))) {
        e.holdUntil = f.until();
      }
    }
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
