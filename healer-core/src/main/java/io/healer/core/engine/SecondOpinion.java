package io.healer.core.engine;

import io.healer.api.NodeCondition;
import io.healer.api.NodeInfo;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.ServerState;
import io.healer.core.config.HealerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second opinion ({@code second-opinion}): before a node whose kubelet went silent is repaired,
 * the cloud is asked about its server ({@link CloudProvider#serverState}). A server the cloud
 * reports ACTIVE on a host it reports UP, while {@code partition-min-silent} or more nodes on that
 * host or in that zone are silent at once, is held as a likely network partition: a reboot cannot
 * bring back a network, and rebooting many healthy servers at once is the harm to avoid. Any other
 * answer lets the repair go on, with what the cloud said in the event; an answer the cloud could
 * not give (an error, no host state) never holds a repair and never hastens one.
 *
 * <p>The nodes of an ending partition reconnect one by one, and the last to come back would look
 * like a lone dead node: so the nodes that came back by themselves (their record has no repair
 * step, or one whose time to recover was over before they came back) within {@code storm-cooldown}
 * count among the silent peers of their host or zone: healthy again by their record, or talking
 * again with another fault after a silence this engine saw. A peer whose silence this engine saw
 * counts only for a node that went silent at once with it (a kubelet that dies after its peers
 * came back is no straggler). The healthy ones come from the records, which the ledger keeps, so a
 * new leader or a restarted process holds the stragglers too (while records last:
 * healthy-duration), counting them all since it did not see when they went silent.
 *
 * <p>With {@code repair-dead-servers-at-once} on, a silent node whose server the cloud reports
 * SHUTOFF or ERROR is a candidate at once, before its check's unhealthy-duration is over.
 *
 * <p>A node is silent when its Ready condition is {@code Unknown} (the node-lifecycle controller's
 * mark for a kubelet that stopped renewing its Lease); its peers count when they turned Unknown
 * within {@link #AT_ONCE} of it. The Lease (its renew time, older than {@link #LEASE_GRACE} or not)
 * is read apart, and a node where it and Ready disagree is reported so.
 */
final class SecondOpinion {

  private static final Logger log = LoggerFactory.getLogger(HealingEngine.class);

  /**
   * How old a heartbeat may be before the kubelet counts as silent: kube-controller-manager's
   * default node-monitor-grace-period (40 s up to Kubernetes 1.31), four missed Lease renewals.
   */
  static final Duration LEASE_GRACE = Duration.ofSeconds(40);

  /**
   * How far apart the nodes of one partition turn Unknown: the controller marks each one grace after
   * its last renewal, and kubelets renew every 10 s; independent failures that pile up while
   * repairs wait (in-flight caps, a storm) are minutes apart and are not a partition.
   */
  static final Duration AT_ONCE = Duration.ofMinutes(1);

  /**
   * What the second opinion says about one repair.
   *
   * @param hold why the repair is held, or {@code null} when it goes on
   * @param note what the cloud said, for the repair's event; empty when nothing was asked
   */
  record Opinion(String hold, String note) {
    static final Opinion NONE = new Opinion(null, "");

    boolean holds() {
      return hold != null;
    }
  }

  private final HealerConfig config;
  private final CloudProvider provider;
  /**
   * Each node's last silence as this engine's cycles saw it, leader or not, by node name: kept in
   * memory (a restarted engine has only the records' nodes back by themselves), so that a kubelet
   * back from a partition that reports another fault (a flapping runtime) still counts as one of
   * the partition's while the rest reconnect.
   */
  private final Map<String, Silence> silences = new HashMap<>();

  /** A silence: since when the node's Ready was Unknown, and when a cycle first found it talking again. */
  private record Silence(Instant since, Instant endedAt) {}

  SecondOpinion(HealerConfig config, CloudProvider provider) {
    this.config = config;
    this.provider = provider;
  }

  /**
   * Why the node looks dead to Kubernetes, if it does: its Ready condition is {@code Unknown}, the
   * node-lifecycle controller's mark for a kubelet that stopped renewing its Lease and posting its
   * status. A stale heartbeat alone is not silence: without a Lease the heartbeat is the newest
   * condition's, which a healthy kubelet refreshes only every few minutes (it is a disagreement).
   *
   * @param node the node as read this cycle
   * @param now the cycle's time
   * @return such as {@code "Ready is Unknown since ..."}, or empty when the kubelet still talks
   */
  static Optional<String> silence(NodeInfo node, Instant now) {
    Optional<NodeCondition> ready = node.condition(NodeCondition.READY)
        .filter(c -> NodeCondition.UNKNOWN.equals(c.status()));
    if (ready.isEmpty()) {
      return Optional.empty();
    }
    Optional<Instant> beat = node.heartbeatTime();
    boolean stale = beat.map(t -> t.plus(LEASE_GRACE).isBefore(now)).orElse(false);
    return Optional.of("Ready is Unknown" + ready.get().lastTransitionTime().map(t -> " since " + t).orElse("")
        + (stale ? " and the Lease was last renewed at " + beat.get() : ""));
  }

  /**
   * Whether two silent nodes went silent at once: their Ready turned Unknown within {@link #AT_ONCE}
   * of each other, or one of them does not say when (then they count, to err on holding).
   */
  static boolean atOnce(NodeInfo a, NodeInfo b) {
    Optional<Instant> ta = readySince(a);
    Optional<Instant> tb = readySince(b);
    return ta.isEmpty() || tb.isEmpty() || within(ta.get(), tb.get(), AT_ONCE);
  }

  private static Optional<Instant> readySince(NodeInfo node) {
    return node.condition(NodeCondition.READY).flatMap(NodeCondition::lastTransitionTime);
  }

  private static boolean within(Instant a, Instant b, Duration apart) {
    return Duration.between(a, b).abs().compareTo(apart) <= 0;
  }

  /**
   * Where the node's Ready condition and its Lease disagree, if they do: a kubelet that renews its
   * Lease but whose status is Unknown (it reaches the API server but cannot post its status), or a
   * node Ready by a condition whose Lease is no longer renewed (the controller has not caught up).
   *
   * <p>Ready {@code Unknown} disagrees only with a Lease renewed after Ready turned {@code Unknown}
   * (and within {@link #LEASE_GRACE}): the controller marks a node once its grace period passed
   * without a renewal, and where that period is shorter than {@link #LEASE_GRACE} (the real-server
   * suites run with 8 s, operators shorten it) the last renewal of a dead kubelet is still younger
   * than {@link #LEASE_GRACE} when the mark comes. Without a transition time the age alone decides.
   */
  static Optional<String> disagreement(NodeInfo node, Instant now) {
    Optional<NodeCondition> ready = node.condition(NodeCondition.READY);
    Optional<Instant> beat = node.heartbeatTime();
    if (ready.isEmpty() || beat.isEmpty()) {
      return Optional.empty();
    }
    boolean fresh = !beat.get().plus(LEASE_GRACE).isBefore(now);
    String status = ready.get().status();
    boolean renewedSince = ready.get().lastTransitionTime().map(beat.get()::isAfter).orElse(true);
    if (NodeCondition.UNKNOWN.equals(status) && fresh && renewedSince) {
      return Optional.of("Ready is Unknown but the Lease is still renewed (last at " + beat.get() + ")");
    }
    if (NodeCondition.TRUE.equals(status) && !fresh) {
      return Optional.of("Ready is True but the Lease was last renewed at " + beat.get());
    }
    return Optional.empty();
  }

  /**
   * Starts a cycle's opinions: each server is asked about at most once per cycle.
   *
   * @param nodes every node of the cycle's snapshot
   * @param records the engine's records, by node name: who came back by itself lately
   * @param now the cycle's time
   */
  Cycle cycle(List<NodeInfo> nodes, Map<String, NodeRecord> records, Instant now) {
    return new Cycle(nodes, records, now);
  }

  /** One cycle's answers from the cloud. */
  final class Cycle {
    private final Instant now;
    private final Map<String, NodeInfo> silent = new HashMap<>();
    private final Map<String, ServerState> asked = new HashMap<>();

    /**
     * Nodes not silent now that came back by themselves within storm-cooldown: healthy again by
     * their record, or talking again after a silence this engine saw though not healthy (a runtime
     * that flaps).
     */
    private final Map<String, NodeInfo> recovered = new HashMap<>();
    /**
     * Since when those of them this engine saw silent were silent: they count only as peers of a
     * node that went silent at once with them (a restarted engine does not know, and counts them all).
     */
    private final Map<String, Instant> silentSince = new HashMap<>();

    private Cycle(List<NodeInfo> nodes, Map<String, NodeRecord> records, Instant now) {
      this.now = now;
      Map<String, Silence> seen = new HashMap<>();
      for (NodeInfo node : nodes) {
        Silence last = silences.get(node.name());
        if (silence(node, now).isPresent()) {
          silent.put(node.name(), node);
          seen.put(node.name(), new Silence(readySince(node).orElse(now), null));
          continue;
        }
        Silence ended = last == null ? null : last.endedAt() == null ? new Silence(last.since(), now) : last;
        if (ended != null && now.isBefore(ended.endedAt().plus(config.stormCooldown()))) {
          seen.put(node.name(), ended);
        } else {
          ended = null;
        }
        NodeRecord record = records.get(node.name());
        Instant back = record == null ? null : record.healthySince();
        boolean healthyAgain = byItself(record, back) && now.isBefore(back.plus(config.stormCooldown()));
        if (healthyAgain || ended != null && byItself(record, ended.endedAt())) {
          recovered.put(node.name(), node);
          if (ended != null) {
            silentSince.put(node.name(), ended.since());
          }
        }
      }
      silences.clear();
      silences.putAll(seen);
    }

    /**
     * Whether a node that came back at {@code back} did so by itself: no repair step, or one whose
     * time to recover was over before it came back (a step of an earlier failure the record still
     * holds, seed 920).
     */
    private static boolean byItself(NodeRecord record, Instant back) {
      return back != null && (record == null || record.lastStep() == null
          || back.isAfter(record.lastStep().waitUntil()));
    }

    /** Whether the second opinion is on and the node's kubelet is silent this cycle. */
    boolean applies(NodeInfo node) {
      return config.secondOpinion() && silent.containsKey(node.name());
    }

    /**
     * Whether the node may be repaired before its unhealthy-duration is over: the fast path is on,
     * its kubelet is silent and the cloud reports its server SHUTOFF or ERROR.
     */
    Optional<ServerState> deadAtCloud(NodeInfo node) {
      if (!config.repairDeadServersAtOnce() || !applies(node)) {
        return Optional.empty();
      }
      ServerState state = state(node);
      return state.isDead() ? Optional.of(state) : Optional.empty();
    }

    /**
     * The opinion on repairing the node now.
     *
     * @param node a candidate the planner would repair
     */
    Opinion judge(NodeInfo node) {
      String disagree = disagreement(node, now).map(d -> "; Ready and Lease disagree: " + d).orElse("");
      if (!applies(node)) {
        return new Opinion(null, disagree);
      }
      String silenceNote = silence(node, now).orElseThrow();
      ServerState state = state(node);
      String server = "server of " + node.name();
      if (state.status() == ServerState.Status.UNKNOWN) {
        return new Opinion(null, "; second opinion unknown (" + state.detail() + "): repaired as without it"
            + disagree);
      }
      if (state.status() != ServerState.Status.ACTIVE) {
        return new Opinion(null, "; second opinion: the cloud reports the " + server + " " + state + disagree);
      }
      if (state.hostStatus().isEmpty()) {
        return new Opinion(null, "; second opinion: the cloud reports the " + server + " " + state
            + ", so a partition cannot be told from a host outage: repaired as without it" + disagree);
      }
      if (!state.hostUp()) {
        return new Opinion(null, "; second opinion: the cloud reports the " + server + " " + state
            + ": the host is in trouble, not the network" + disagree);
      }
      Optional<String> peers = silentPeers(node, state);
      if (peers.isPresent()) {
        return new Opinion("likely network partition: the cloud reports the " + server + " " + state + " while "
            + peers.get() + " (" + silenceNote + "; partition-min-silent: " + config.partitionMinSilent()
            + "); not repaired while this lasts (second-opinion)" + disagree, "");
      }
      return new Opinion(null, "; second opinion: the cloud reports the " + server + " " + state
          + " and fewer than " + config.partitionMinSilent() + " nodes on its host or in its zone are silent:"
          + " the node itself is likely at fault" + disagree);
    }

    /**
     * Whether enough silent nodes share the node's host or zone to make it a partition, and which.
     * Peers' hosts are asked about only here, once the node itself is ACTIVE on an UP host.
     */
    private Optional<String> silentPeers(NodeInfo node, ServerState state) {
      int min = config.partitionMinSilent();
      String zone = zone(node, state);
      if (zone != null) {
        Count inZone = count(node, n -> zone.equals(zone(n, null)));
        if (inZone.total() >= min) {
          return Optional.of(inZone.describe("in zone " + zone));
        }
      }
      if (state.hostId().isPresent()) {
        String host = state.hostId().get();
        Count onHost = count(node, n -> state(n).hostId().map(host::equals).orElse(false));
        if (onHost.total() >= min) {
          return Optional.of(onHost.describe("on host " + host));
        }
      }
      return Optional.empty();
    }

    /** The silent nodes, and those back by themselves within storm-cooldown, that share the node's domain. */
    private Count count(NodeInfo node, java.util.function.Predicate<NodeInfo> peer) {
      long quiet = silent.values().stream()
          .filter(n -> n.name().equals(node.name()) || peer.test(n) && atOnce(n, node)).count();
      Optional<Instant> since = readySince(node);
      long back = recovered.values().stream().filter(peer).filter(n -> since.isEmpty()
          || !silentSince.containsKey(n.name()) || within(silentSince.get(n.name()), since.get(), AT_ONCE)).count();
      return new Count(quiet, back);
    }

    /** Silent nodes and nodes back by themselves in one domain. */
    private record Count(long silent, long back) {
      long total() {
        return silent + back;
      }

      String describe(String where) {
        return back == 0 ? silent + " nodes " + where + " are silent at once"
            : total() + " nodes " + where + " went silent at once (" + silent + " still silent, " + back
                + " back by themselves within storm-cooldown)";
      }
    }

    /** The node's zone: its label, else (for the node asked about) the server's zone. */
    private String zone(NodeInfo node, ServerState state) {
      String label = node.labels().get(ZoneGuard.ZONE_LABEL);
      if (label != null && !label.isBlank()) {
        return label;
      }
      return state == null ? null : state.zone().orElse(null);
    }

    /** The server's state, asked once per cycle; a provider that throws is taken as unknown. */
    ServerState state(NodeInfo node) {
      return asked.computeIfAbsent(node.name(), n -> {
        try {
          return Objects.requireNonNullElse(provider.serverState(node),
              ServerState.unknown("the cloud provider gave no answer"));
        } catch (RuntimeException e) {
          log.warn("the cloud provider failed to tell the state of the server of {}", n, e);
          return ServerState.unknown("the provider failed: " + e.getClass().getSimpleName());
        }
      });
    }
  }
}
