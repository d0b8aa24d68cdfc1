package io.healer.simulation;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairTarget;
import io.healer.core.config.HealerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks the invariants from ground truth ({@link World}) and the cloud's log of calls, never from
 * the engine's own events:
 *
 * <ul>
 *   <li>(a) every repair request names a node whose machine is broken by ground truth, or is down
 *       for a repair under way (that repair was judged when it was asked);
 *   <li>(b) within one failure, the cloud carries out each action at most once;
 *   <li>(c) a failure gets the repair that fixes it within its bound: when healer could first call
 *       it a candidate (lifecycle grace plus unhealthy-duration) plus one monitor interval plus the
 *       escalation delays, plus one interval for every cycle in which a rule legitimately held it
 *       (no leader, paused, cloud trouble, watch drop, storm or its cool-down, backoff, the repair
 *       budget spent, repairs in flight, etcd quorum);
 *   <li>(d) a master repair never leaves fewer etcd members up than a majority, unless that member
 *       was down anyway;
 *   <li>(e) no repair is asked while paused, while the cloud says disabled or busy, by a
 *       non-leader, or over the storm guard (as the simulator itself reads the snapshot the
 *       instance saw, or within storm-cooldown of a storm that instance saw);
 *   <li>(f) no repair is asked for a node whose failure domain (its node group here) the
 *       instance's snapshot had over max-unhealthy-per-zone, or within storm-cooldown of the end of
 *       such an outage that instance saw;
 *   <li>(g) a node is tainted out of service only while the cloud reports its server off (never
 *       while it says running, and never when its state could not be read);
 *   <li>(h) a taint healer added is gone once the node is back: two monitor intervals after the
 *       leaders' cycles first found it healthy again, with its machine sound and up;
 *   <li>(i) no repair is asked for a node whose kubelet the instance's snapshot showed silent
 *       while the cloud reported its server ACTIVE on a host it reported UP and partition-min-silent
 *       or more nodes of that snapshot on the host were silent (a likely partition), unless Nova
 *       could not be asked then;
 *   <li>(j) no incarnation of a healer process starts more repairs in a sliding hour than the
 *       scenario's max-repairs-per-hour (a repair the cloud turned away busy gives its place back);
 *       all incarnations together may pass it after a restart or leader change, which is counted.
 * </ul>
 *
 * <p>Fencing may hold a worker's rebuild or replace for up to {@code fence-timeout} (plus a
 * cycle) from the first time healer read its server's power state for it: (c) grants an interval
 * for every cycle in which healer read it within that time.
 */
final class Referee {

  /** One broken invariant. */
  record Violation(String invariant, Instant at, String detail) {
    @Override
    public String toString() {
      return "(" + invariant + ") at " + at + ": " + detail;
    }
  }

  private final Simulation sim;
  private final Scenario scenario;
  private final HealerConfig config;
  private final World world;
  final List<Violation> violations = new ArrayList<>();
  /** How many times healer tainted a node out of service. */
  int taints;
  private final java.util.Set<String> staleTaints = new java.util.HashSet<>();
  /** Requests a restarted or new leader made within storm-cooldown of a storm only its predecessor saw. */
  int cooldownForgotten;
  /**
   * Requests for a master whose failure ended and whose API server was down again before a leader's
   * probe could see it answer: to healer, one failure that never ended (the probe reports no start).
   */
  int unseenRecoveries;
  /** Requests by a restarted or new leader within the cool-down of a zone outage only a predecessor saw. */
  int zoneCooldownForgotten;
  private Instant lastStormAnyInstance;
  /** Cycles in which (c) granted a failure an interval for a likely partition of its host. */
  int partitionHolds;
  /** Cycles in which a failure's repair was held by max-repairs-per-hour (its allowance). */
  int budgetHolds;
  /**
   * Requests after which more repairs had started in the sliding hour, all instances together, than
   * max-repairs-per-hour: a restarted or new leader knows only the last step of each node's record
   * (the budget's documented gap).
   */
  int budgetOverAfterRestart;
  /** Repair starts as the budget counts them: per target, less those the cloud turned away busy. */
  private final List<BudgetStart> budgetStarts = new ArrayList<>();

  /** One repair start: by which incarnation, of which node, when. */
  private record BudgetStart(String by, String node, Instant at) {}
  /** Per node, the last leader's snapshot that showed its kubelet silent or the node unhealthy. */
  private final java.util.Map<String, Instant> silentSeen = new java.util.HashMap<>();

  Referee(Simulation sim, World world) {
    this.sim = sim;
    this.scenario = sim.scenario;
    this.config = scenario.config;
    this.world = world;
  }

  // --- calls the cloud received -----------------------------------------------------------------

  /** A repair request reached the cloud's API (whatever becomes of it). */
  void requested(Instance caller, RepairRequest request, Instant now) {
    String names = request.targets().stream().map(t -> t.node().name() + ":" + verb(t.action())).toList().toString();
    sim.note(now, caller + " -> cloud: repair " + names + (sim.cloud.trouble(now) == null ? ""
        : " (cloud trouble: " + sim.cloud.trouble(now) + ")"));
    if (sim.paused()) {
      violate("e", now, caller + " asked for " + names + " while healing was paused");
    }
    Disturbance.CloudTrouble trouble = sim.cloud.trouble(now);
    if (trouble == Disturbance.CloudTrouble.DISABLED || trouble == Disturbance.CloudTrouble.BUSY) {
      violate("e", now, caller + " asked for " + names + " while the cloud said " + trouble);
    }
    if (sim.leader() != caller) {
      violate("e", now, caller + " asked for " + names + " without being the leader");
    }
    if (caller.snapshotStorming) {
      violate("e", now, caller + " asked for " + names + " while its snapshot was over the storm guard");
    } else if (caller.stormHolds(now, config.stormCooldown())) {
      violate("e", now, caller + " asked for " + names + " within storm-cooldown of the storm it saw until "
          + caller.lastStormSeen);
    } else if (lastStormAnyInstance != null && now.isBefore(lastStormAnyInstance.plus(config.stormCooldown()))) {
      cooldownForgotten++;
    }
    budgetRule(caller, request, now);
    for (RepairTarget t : request.targets()) {
      String name = t.node().name();
      zoneRule(caller, name, now);
      partitionRule(caller, t.node(), now);
      Episode e = world.episodeOf(name);
      if (e == null && world.downForRepair(name)) {
        // Down for a repair with no failure of its own: not sound. Its node looks as dead as a broken
        // one, and healer escalates when a slow boot outlasts the step's wait. A failure stays open
        // while its machine is down, so the repair that took this machine down was asked for a
        // machine without a failure: (a) flagged that request and does not flag what follows again.
        sim.note(now, name + " has no failure of its own but is down for a repair under way; (a) judged that repair");
        continue;
      }
      if (e == null) {
        World.Truth truth = world.truth.get(name);
        if (unseenRecovery(truth)) {
          unseenRecoveries++;
          sim.note(now, "not a violation: " + name + "'s API server never answered a leader's probe"
              + " between the end of " + truth.last + " and this request; healer saw one failure");
          continue;
        }
        violate("a", now, caller + " asked to " + verb(t.action()) + " " + name
            + " whose machine is sound" + (truth.partitionedSince != null ? " (cut off by a partition since "
            + truth.partitionedSince + ")" : truth.flapping ? " (flapping)" : "")
            + (truth.last != null ? "; its last failure, " + truth.last + ", ended before" : ""));
        continue;
      }
      if (e.firstRequest == null) {
        e.firstRequest = now;
        e.firstRequestClean = e.allowance.isZero() && e.inheritedFailures == 0 && !e.checkDelayed && !e.leaderChanged;
      }
    }
  }

  /**
   * (j) no incarnation starts more repairs in a sliding hour than max-repairs-per-hour (the budget
   * counts each target when it is asked, and gives back those the cloud turns away busy). Over all
   * incarnations together the count may pass the ceiling after a restart or a leader change: that
   * is counted, not a violation (see {@link #budgetOverAfterRestart}).
   */
  private void budgetRule(Instance caller, RepairRequest request, Instant now) {
    if (scenario.budget == HealerConfig.NO_REPAIR_CEILING) {
      return;
    }
    request.targets().forEach(t -> budgetStarts.add(new BudgetStart(caller.toString(), t.node().name(), now)));
    Instant hourAgo = now.minus(Duration.ofHours(1));
    budgetStarts.removeIf(b -> !b.at().isAfter(hourAgo.minus(Duration.ofHours(1))));
    long own = budgetStarts.stream().filter(b -> b.by().equals(caller.toString()) && b.at().isAfter(hourAgo)).count();
    if (own > scenario.budget) {
      violate("j", now, caller + " started its " + own + "th repair within an hour (max-repairs-per-hour: "
          + scenario.budget + ")");
    } else if (startsWithin(now, Duration.ofHours(1)) > scenario.budget) {
      budgetOverAfterRestart++;
    }
  }

  /** Repair starts of every incarnation within {@code window} before {@code now}. */
  private long startsWithin(Instant now, Duration window) {
    Instant since = now.minus(window);
    return budgetStarts.stream().filter(b -> b.at().isAfter(since)).count();
  }

  /**
   * (f) no repair in a failure domain while the caller's snapshot has it over
   * max-unhealthy-per-zone, or within storm-cooldown of the calm after an outage the caller saw.
   * Within the cool-down of one only a predecessor saw, the engine rebuilds it from the ledger's
   * self-recovered records: such requests are counted, and (a) judges whether the node was sound.
   */
  private void zoneRule(Instance caller, String name, Instant now) {
    String domain = domainOf(name);
    if (caller.zonesOver.contains(domain)) {
      violate("f", now, caller + " asked to repair " + name + " while its snapshot had " + domain
          + " over max-unhealthy-per-zone (" + config.maxUnhealthyPerZone() + ")");
    } else if (caller.zoneHolds(domain, now, config.stormCooldown())) {
      violate("f", now, caller + " asked to repair " + name + " within storm-cooldown of the outage of " + domain
          + " it saw end at " + caller.zoneCalmSince.get(domain));
    } else if (sim.storedZoneHolds(domain, now, config.stormCooldown())) {
      zoneCooldownForgotten++;
    }
  }

  /** (i) no repair of a node the second opinion must hold as a likely partition of its host. */
  private void partitionRule(Instance caller, NodeInfo target, Instant now) {
    if (caller.snapshot == null || novaErrs(now)) {
      return;
    }
    NodeInfo seen = caller.snapshot.stream().filter(n -> n.name().equals(target.name())).findFirst().orElse(null);
    String why = seen == null ? null : sim.judge.likelyPartition(seen, caller.snapshot, now);
    if (why != null) {
      violate("i", now, caller + " asked to repair " + target.name() + " while the second opinion held it as a"
          + " likely partition: " + why);
    }
  }

  /**
   * Whether the engine may hold the node as the straggler of an ending partition: its kubelet is
   * silent, the cloud says ACTIVE on an UP host, and the silent nodes on that host with those a
   * leader saw silent or unhealthy within storm-cooldown (back since: by themselves, as the engine
   * counts them, or after a repair, which it does not — so this grants at least what the engine
   * holds) reach partition-min-silent.
   */
  private boolean stragglerOfAPartition(NodeInfo node, List<NodeInfo> snapshot, Instant now) {
    if (!config.secondOpinion() || !Judge.silent(node, now)) {
      return false;
    }
    io.healer.api.cloud.ServerState state = world.serverState(node.name(), now);
    if (state.status() != io.healer.api.cloud.ServerState.Status.ACTIVE || !state.hostUp()) {
      return false;
    }
    String host = Scenario.hostOf(node.name());
    Instant since = now.minus(config.stormCooldown()).minus(scenario.interval);
    long peers = snapshot.stream().filter(n -> Scenario.hostOf(n.name()).equals(host)).filter(n -> Judge.silent(n, now)
        || silentSeen.containsKey(n.name()) && silentSeen.get(n.name()).isAfter(since)).count();
    return peers >= config.partitionMinSilent();
  }

  /** Whether Nova answers errors or times out now: the second opinion is then unknown and holds nothing. */
  private boolean novaErrs(Instant now) {
    Disturbance.CloudTrouble trouble = sim.cloud.trouble(now);
    return trouble == Disturbance.CloudTrouble.SERVER_ERROR || trouble == Disturbance.CloudTrouble.TIMEOUT;
  }

  /** The failure domain of a simulated node: its node group (the simulation sets no zone labels). */
  private String domainOf(String node) {
    return "node group " + world.truth.get(node).group;
  }

  /**
   * Whether healer could not have seen the node's last failure end: a master whose API server no
   * leader's cycle found answering since that failure ended. The API server probe, like the stock
   * Endpoint check, says nothing of when a failure began, so a new outage that starts within one
   * interval of the old one's end is, to any healer sampling once an interval, the same failure.
   */
  private boolean unseenRecovery(World.Truth truth) {
    if (truth.role != NodeRole.MASTER || truth.last == null || truth.last.end == null) {
      return false;
    }
    Instant seen = world.apiAnswerSeenByLeader.get(truth.name);
    return seen == null || seen.isBefore(truth.last.end);
  }

  /** The cloud carried the action out (accepted it, or received it before timing out). */
  void carried(RepairTarget t, Instant now) {
    String name = t.node().name();
    sim.note(now, "cloud carries out the " + verb(t.action()) + " of " + name);
    // A member down for a repair under way counts as down, and since a repair takes its machine down
    // at once the node looks it too (API server silent, Ready=Unknown after the grace): no "pending
    // repair of a master that looks recovered" is left to excuse or point at, as the old model had.
    if (t.node().role() == NodeRole.MASTER && world.etcdUp(name)) {
      int othersUp = 0;
      List<String> down = new ArrayList<>();
      for (World.Truth m : world.truth.values()) {
        if (m.role == NodeRole.MASTER && !m.name.equals(name)) {
          String why = world.whyEtcdDown(m.name);
          if (why == null) {
            othersUp++;
          } else {
            down.add(m.name + ": " + why);
          }
        }
      }
      int majority = scenario.masters / 2 + 1;
      if (othersUp < majority) {
        violate("d", now, "the " + verb(t.action()) + " of " + name + " took an etcd member down while only "
            + othersUp + " other(s) of " + scenario.masters + " were up; quorum needs " + majority + " " + down);
      }
    }
    Episode e = world.episodeOf(name);
    if (e != null) {
      int times = e.carriedOut.merge(t.action(), 1, Integer::sum);
      if (times > 1) {
        violate("b", now, "the cloud carried out a " + verb(t.action()) + " of " + name + " " + times
            + " times for one failure, " + e);
      }
      if (e.fixingRequest == null && e.cause.fixedBy(t.action())) {
        e.fixingRequest = now;
      }
    }
    world.occupySlot(name, t.action(), now, now.plus(recovery(t.action())));
  }

  /**
   * A repair the cloud carried out reached the machine: it is back up with the {@code applied}
   * action (the strongest that reached it), or, when that is null, another repair keeps it down.
   */
  void reached(String node, RepairAction action, RepairAction applied, Instant at) {
    sim.note(at, "the " + verb(action) + " reaches " + node + (applied == null ? "; another repair keeps it down"
        : applied == action ? "; it is back up" : "; it is back up, with the " + verb(applied) + " that reached it first"));
  }

  /** The request timed out before it reached the cloud: healer holds it under way nonetheless. */
  void lost(RepairTarget t, Instant now) {
    recordedNotSent(t.node().name(), t.action(), now);
  }

  /**
   * The engine recorded a step and crashed before it asked the cloud: never sent, but a start to the
   * budget of the incarnation that reads it back from the ledger (it counts the steps under way).
   */
  void recordedBeforeACrash(Instance caller, String node, RepairAction action, Instant now) {
    if (scenario.budget != HealerConfig.NO_REPAIR_CEILING) {
      budgetStarts.add(new BudgetStart(caller.toString(), node, now));
    }
    recordedNotSent(node, action, now);
  }

  /** The step was recorded but never sent (a crash): healer holds it under way until its time is over. */
  void recordedNotSent(String node, RepairAction action, Instant now) {
    Instant until = now.plus(recovery(action));
    world.occupySlot(node, action, now, until);
    Episode e = world.episodeOf(node);
    if (e != null && action == RepairAction.REPLACE) {
      // Nothing stronger to escalate to: once its time is over the step counts as a failure.
      e.failures++;
      int spent = e.inheritedFailures + e.failures;
      until = until.plus(config.repairBackoff().multipliedBy(1L << Math.min(spent - 1, 16)));
    }
    hold(node, until);
  }

  /** The cloud answered 409: asked again one interval later. */
  void busy(RepairTarget t, Instant now) {
    hold(t.node().name(), now.plus(scenario.interval));
    // Turned away untouched: the budget gives its place back.
    for (int i = budgetStarts.size() - 1; i >= 0; i--) {
      BudgetStart b = budgetStarts.get(i);
      if (b.node().equals(t.node().name()) && b.at().equals(now)) {
        budgetStarts.remove(i);
        break;
      }
    }
  }

  /** The cloud failed the repair: it costs a retry and a doubling backoff. */
  void failed(RepairTarget t, Instant now) {
    Episode e = world.episodeOf(t.node().name());
    if (e == null) {
      return;
    }
    e.failures++;
    int spent = e.inheritedFailures + e.failures;
    hold(e.node, now.plus(config.repairBackoff().multipliedBy(1L << Math.min(spent - 1, 16))));
  }

  private void hold(String node, Instant until) {
    Episode e = world.episodeOf(node);
    if (e != null && (e.holdUntil == null || e.holdUntil.isBefore(until))) {
      e.holdUntil = until;
    }
  }

  // --- time -------------------------------------------------------------------------------------

  /** An instance read a snapshot over the storm guard. */
  /**
   * Per node, who read its server's power state in the current run of reads, and when first and
   * last. A run is one instance's: fencing progress lives in memory, so another leader (or a
   * restarted one) starts its fence-timeout over.
   */
  private final java.util.Map<String, PowerReads> powerReads = new java.util.HashMap<>();

  private record PowerReads(String by, Instant first, Instant last) {}

  /** Healer read the node's power state: it is fencing the node before a rebuild or replace. */
  void powerRead(Instance caller, String node, Instant now) {
    PowerReads r = powerReads.get(node);
    boolean goesOn = r != null && r.by().equals(caller.toString())
        && java.time.Duration.between(r.last(), now).compareTo(scenario.interval.multipliedBy(2)) <= 0;
    powerReads.put(node, new PowerReads(caller.toString(), goesOn ? r.first() : now, now));
  }

  /** Since when healer is fencing the node, when it read its power state within the last interval; else null. */
  private Instant fencingSince(String node, Instant now) {
    PowerReads r = powerReads.get(node);
    return r != null && !r.last().isBefore(now.minus(scenario.interval)) ? r.first() : null;
  }

  /** Healer tainted the node out of service while the cloud's view of its server was {@code power}. */
  void tainted(String node, io.healer.api.cloud.PowerState power, Instant now) {
    taints++;
    sim.note(now, "taint " + node + " out of service; the cloud reports its server " + power);
    if (!power.isOff()) {
      violate("g", now, node + " was tainted out of service while the cloud reported its server " + power);
    }
  }

  /** Flags a taint left on a node that is back (once per node and taint). */
  private void checkTaints(Instant now) {
    for (World.Truth t : world.truth.values()) {
      if (t.taintedAt == null || t.episode != null || world.downForRepair(t.name) || t.leaderHealthySince == null
          || t.leaderHealthySince.isBefore(t.taintedAt)) {
        continue;
      }
      if (now.isAfter(t.leaderHealthySince.plus(scenario.interval.multipliedBy(2))) && staleTaints.add(t.name + t.taintedAt)) {
        violate("h", now, t.name + " is healthy again since " + t.leaderHealthySince
            + " and still carries the out-of-service taint added at " + t.taintedAt);
      }
    }
  }

  void stormSeen(Instant now) {
    lastStormAnyInstance = now;
  }

  void ended(Episode e) {
    sim.note(e.end, "ground truth: " + e);
  }

  /**
   * After the cycles at {@code now}: grants an interval to every open failure a rule held in this
   * cycle, and flags those past their bound.
   */
  void tick(Instant now, boolean sourceBackAfterOutage) {
    Instance leader = sim.leader();
    checkTaints(now);
    if (leader != null && leader.snapshot != null) {
      for (NodeInfo n : leader.snapshot) {
        // The engine counts a peer back by itself whatever kept it unhealthy (a flapping Ready, too).
        if (Judge.silent(n, now) || sim.judge.judged(n, now) && sim.judge.unhealthy(n)) {
          silentSeen.put(n.name(), now);
        }
      }
    }
    for (Episode e : world.episodes) {
      if (!e.open() || e.fixingRequest != null || e.boundViolated) {
        continue;
      }
      if (sourceBackAfterOutage) {
        // Unhealthy timers restart when the node source is back, so an outage counts against no node.
        Instant restarted = now.plus(e.minUnhealthy);
        if (restarted.isAfter(e.eligibleAt)) {
          e.eligibleAt = restarted;
        }
      }
      String held = held(e, leader, now);
      if (held != null) {
        e.allowance = e.allowance.plus(scenario.interval);
      }
      Instant bound = bound(e);
      if (now.isAfter(bound) && !e.givenUpByRule(config.repairRetries())) {
        e.boundViolated = true;
        violate("c", now, e + " got no " + verb(e.cause.needs) + " or stronger by its bound " + bound
            + " (eligible " + e.eligibleAt + ", +" + e.allowance.toMinutes() + "m held, first request "
            + e.firstRequest + ", carried out " + e.carriedOut + ", failures " + e.failures + ")");
      }
    }
  }

  /** The latest time by which the failure must have its fixing repair. */
  Instant bound(Episode e) {
    Duration escalation = Duration.ZERO;
    for (RepairAction a : RepairAction.values()) {
      if (a.compareTo(e.cause.needs) < 0) {
        escalation = escalation.plus(recovery(a)).plus(scenario.interval);
      }
    }
    return e.eligibleAt.plus(scenario.interval).plus(escalation).plus(e.allowance);
  }

  /** Why a rule may hold the failure's repair in this cycle, or null. */
  private String held(Episode e, Instance leader, Instant now) {
    if (leader == null) {
      return "no leader";
    }
    if (sim.paused()) {
      return "paused";
    }
    Instant fencingSince = fencingSince(e.node, now);
    if (fencingSince != null && !now.isAfter(fencingSince.plus(config.fenceTimeout()).plus(scenario.interval))) {
      return "fencing";
    }
    if (sim.cloud.trouble(now) != null) {
      return "cloud trouble";
    }
    if (sim.view.dropActive(now)) {
      return "watch drop";
    }
    if (leader.stormHolds(now, config.stormCooldown().plus(scenario.interval))) {
      return "storm";
    }
    // The zone brake holds only the failure's own domain: failures elsewhere get no allowance for it.
    // A new leader's engine rebuilds a predecessor's cool-down from when the nodes were seen back,
    // up to a minute of reconnects after the first calm snapshot.
    Duration zoneCooldown = config.stormCooldown().plus(scenario.interval);
    if (leader.zoneHolds("node group " + e.group, now, zoneCooldown)
        || sim.storedZoneHolds("node group " + e.group, now, zoneCooldown.plusSeconds(60).plus(scenario.interval))) {
      return "zone outage";
    }
    if (leader.snapshot != null) {
      NodeInfo seen = leader.snapshot.stream().filter(n -> n.name().equals(e.node)).findFirst().orElse(null);
      if (seen != null && !novaErrs(now) && (sim.judge.likelyPartition(seen, leader.snapshot, now) != null
          || stragglerOfAPartition(seen, leader.snapshot, now))) {
        partitionHolds++;
        return "likely partition";
      }
    }
    if (e.holdUntil != null && now.isBefore(e.holdUntil.plus(scenario.interval))) {
      return "backoff";
    }
    List<World.InFlight> others = world.othersInFlight(e.node, now);
    long inGroup = others.stream().filter(f -> f.group().equals(e.group)).count();
    // A worker being fenced is admitted every cycle while it waits: it holds a slot as a drain does,
    // and its repair counts against the budget as one admitted and not started yet.
    long fencing = 0;
    long fencingInGroup = 0;
    for (World.Truth t : world.truth.values()) {
      if (!t.name.equals(e.node) && fencingSince(t.name, now) != null
          && others.stream().noneMatch(f -> f.node().equals(t.name))) {
        fencing++;
        if (t.group.equals(e.group)) {
          fencingInGroup++;
        }
      }
    }
    if (scenario.budget != HealerConfig.NO_REPAIR_CEILING
        // Spent now or at any time since the last cycle: the hour and one interval.
        && startsWithin(now, Duration.ofHours(1).plus(scenario.interval)) + fencing >= scenario.budget) {
      budgetHolds++;
      return "repair budget";
    }
    if (others.size() + fencing >= config.maxRepairsInFlight()
        || inGroup + fencingInGroup >= config.maxRepairsInFlightPerGroup()) {
      return "repairs in flight";
    }
    if (e.role == NodeRole.MASTER) {
      if (others.stream().anyMatch(f -> f.role() == NodeRole.MASTER)) {
        return "another master under repair";
      }
      int othersDown = 0;
      List<NodeInfo> seen = leader.snapshot == null ? List.of() : leader.snapshot;
      for (NodeInfo n : seen) {
        if (n.role() == NodeRole.MASTER && !n.name().equals(e.node) && sim.judge.notHealthy(n, now)) {
          othersDown++;
        }
      }
      if (othersDown + 1 > scenario.masters - (scenario.masters / 2 + 1)) {
        return "etcd quorum";
      }
    }
    // Older failures go first; one that became a candidate in the same cycle may take the last slot.
    for (Episode other : world.episodes) {
      if (other != e && other.open() && other.fixingRequest == null && other.start.isBefore(e.start)
          && (other.group.equals(e.group) || e.role == NodeRole.MASTER && other.role == NodeRole.MASTER)
          && !now.isBefore(other.eligibleAt)) {
        return "an older failure first";
      }
    }
    return null;
  }

  Duration recovery(RepairAction action) {
    return action == RepairAction.REBOOT ? config.rebuildDelayAfterReboot() : config.repairTimeout();
  }

  private void violate(String invariant, Instant at, String detail) {
    violations.add(new Violation(invariant, at, detail));
  }

  private static String verb(RepairAction action) {
    return action.name().toLowerCase(Locale.ROOT);
  }
}
