package io.healer.simulation;

import io.healer.api.NodeCondition;
import io.healer.api.NodeInfo;
import io.healer.api.embedding.NodeSourceUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What healer sees through the Kubernetes API: the {@link io.healer.fakes.FakeCluster}'s nodes
 * as the node lifecycle controller would show them, with the network and the watch in between.
 *
 * <ul>
 *   <li>A silent kubelet's node still reads Ready for {@link Scenario#NODE_MONITOR_GRACE}, then
 *       Unknown since the end of that grace, as the controller marks it. A machine down for a
 *       repair has a silent kubelet too ({@link World#DOWN_FOR_REPAIR}).
 *   <li>A node cut off by a partition reads Unknown the same way, although its machine is fine.
 *       A kubelet that dies while cut off stays Unknown since the cut after the partition ends:
 *       the controller marks a node Unknown once, not again while it stays silent.
 *   <li>A dropped watch either makes the source throw {@link NodeSourceUnavailableException} (the
 *       informer knows it is not synced) or, for short lags, serves the snapshot it had when the
 *       watch dropped (an informer a few events behind). The simulation keeps stale lags short: a
 *       source that serves a snapshot older than its repairs' time to recover would have healer
 *       repair recovered nodes, so a real source must report longer drops as outages.
 * </ul>
 */
final class ApiView {

  private final World world;
  private Instant dropUntil;
  private boolean stale;
  private List<NodeInfo> frozen;
  /** Every drop that took effect, as [from, until): healer saw nothing new during them. */
  private final List<Instant[]> drops = new ArrayList<>();

  ApiView(World world) {
    this.world = world;
  }

  /** The watch drops until {@code until}; a stale drop keeps serving what the cache has now. */
  void dropWatch(Instant now, Instant until, boolean serveStale) {
    if (dropActive(now)) {
      return;
    }
    dropUntil = until;
    drops.add(new Instant[] {now, until});
    stale = serveStale;
    frozen = serveStale ? live(now) : null;
  }

  boolean dropActive(Instant now) {
    return dropUntil != null && now.isBefore(dropUntil);
  }

  /** Whether the current drop (if any) throws rather than serves a stale snapshot. */
  boolean outage(Instant now) {
    return dropActive(now) && !stale;
  }

  Instant dropUntil() {
    return dropUntil;
  }

  /**
   * The first instant from {@code at} on at which a change made at {@code at} reaches healer:
   * {@code at} itself, or the end of the watch drop it falls in (the source threw or served an
   * older snapshot until then).
   */
  Instant reachesHealer(Instant at) {
    for (Instant[] drop : drops) {
      if (!at.isBefore(drop[0]) && at.isBefore(drop[1])) {
        return drop[1];
      }
    }
    return at;
  }

  /** What a cycle reads now. */
  List<NodeInfo> read(Instant now) {
    if (dropActive(now)) {
      if (!stale) {
        throw new NodeSourceUnavailableException("the node watch dropped; the informer is re-listing");
      }
      return frozen;
    }
    return live(now);
  }

  /** The nodes as the API shows them now, regardless of the watch. */
  List<NodeInfo> live(Instant now) {
    List<NodeInfo> nodes = world.cluster.nodes();
    List<NodeInfo> shown = new ArrayList<>(nodes.size());
    Duration grace = Scenario.NODE_MONITOR_GRACE;
    for (NodeInfo node : nodes) {
      Optional<NodeCondition> ready = node.condition("Ready");
      World.Truth truth = world.truth.get(node.name());
      Instant cutSince = truth.partitionedSince;
      NodeCondition shownReady = null;
      if (ready.isPresent() && ready.get().status().equals("Unknown")) {
        Instant silent = ready.get().lastTransitionTime().orElse(now);
        Instant marked = silent.plus(grace);
        // Silent since before the last cut ended: Unknown since that cut, never marked again.
        Instant cut = cutSince != null ? cutSince
            : truth.lastCutEnd != null && silent.isBefore(truth.lastCutEnd) ? truth.lastCutSince : null;
        if (cut != null && cut.plus(grace).isBefore(marked)) {
          marked = cut.plus(grace);
        }
        shownReady = now.isBefore(marked)
            ? new NodeCondition("Ready", "True", Optional.of(node.creationTime()), "KubeletReady", "")
            : withSince(ready.get(), marked);
      } else if (cutSince != null && !now.isBefore(cutSince.plus(grace))) {
        shownReady = new NodeCondition("Ready", "Unknown", Optional.of(cutSince.plus(grace)),
            "NodeStatusUnknown", "Kubelet stopped posting node status.");
      }
      NodeInfo.Builder b = shownReady == null ? null : node.toBuilder().condition(shownReady);
      if (cutSince != null && node.heartbeatTime().map(cutSince::isBefore).orElse(false)) {
        // A cut-off kubelet renews its Lease no more than it posts its status.
        b = (b == null ? node.toBuilder() : b).heartbeatTime(cutSince);
      }
      shown.add(b == null ? node : b.build());
    }
    return shown;
  }

  private static NodeCondition withSince(NodeCondition c, Instant since) {
    return new NodeCondition(c.type(), c.status(), Optional.of(since), c.reason(), c.message());
  }
}
