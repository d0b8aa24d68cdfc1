package io.healer.kubernetes;

import io.healer.api.NodeInfo;
import io.healer.api.embedding.NodeSource;
import io.healer.api.embedding.NodeSourceUnavailableException;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link NodeSource} over the informer cache: each call maps the cached nodes, with their Lease
 * heartbeats, and makes no API request.
 *
 * <p>It throws {@link NodeSourceUnavailableException} until the node informer has listed once, while
 * its watch has been failing for longer than the staleness threshold, and when a stalled connection
 * (one that never closes) has frozen it: a watch silent for longer than the silence limit is closed
 * so that the informer connects anew, and if even that gets no answer within half the limit more,
 * the cache is not trusted. The engine then repairs nothing, and restarts its unhealthy timers once
 * the source is back.
 *
 * <p>Mapping runs for every node every cycle, so a converted node is reused until the node's
 * resource version or its Lease's renew time changes. Thread-safe.
 */
final class InformerNodeSource implements NodeSource {

  private final ClusterCache cache;
  private final Duration staleAfter;
  private final Duration silenceLimit;
  private final Map<String, Converted> converted = new ConcurrentHashMap<>();

  /**
   * @param staleAfter how long the node watch may fail before the cache is not trusted
   * @param silenceLimit how long the node watch may stay silent (no event, no bookmark) before it is
   *     closed and opened anew; half as long again without an answer and the cache is not trusted
   */
  InformerNodeSource(ClusterCache cache, Duration staleAfter, Duration silenceLimit) {
    this.cache = cache;
    this.staleAfter = staleAfter;
    this.silenceLimit = silenceLimit;
  }

  @Override
  public List<NodeInfo> nodes() {
    if (!cache.nodesSynced()) {
      throw new NodeSourceUnavailableException("the node cache has not listed the nodes yet");
    }
    WatchHealth health = cache.nodeHealth();
    if (health.failingLongerThan(staleAfter)) {
      throw new NodeSourceUnavailableException("the node watch has been failing since "
          + health.failingSince().orElseThrow() + " (" + health.lastError() + ")");
    }
    if (health.silentLongerThan(silenceLimit)) {
      // A quiet cluster's watch may be silent for minutes (the API server sends bookmarks at its own
      // discretion), so silence alone proves nothing: reconnect, which a live server answers at once.
      cache.abandonNodeWatch();
      if (health.silentLongerThan(silenceLimit.plus(silenceLimit.dividedBy(2)))) {
        throw new NodeSourceUnavailableException("the node watch has sent nothing since "
            + health.lastHeard().orElseThrow() + " and reconnecting got no answer either: the connection may have "
            + "stalled");
      }
    }
    List<V1Node> nodes = cache.nodes();
    List<NodeInfo> result = new ArrayList<>(nodes.size());
    Set<String> seen = new HashSet<>();
    for (V1Node node : nodes) {
      String name = node.getMetadata().getName();
      seen.add(name);
      V1Lease lease = cache.nodeLease(name).orElse(null);
      String version = node.getMetadata().getResourceVersion();
      Object renew = lease == null || lease.getSpec() == null ? null : lease.getSpec().getRenewTime();
      Converted c = converted.get(name);
      if (c == null || !Objects.equals(c.version, version) || !Objects.equals(c.renew, renew)) {
        c = new Converted(version, renew, NodeMapper.map(node, lease));
        converted.put(name, c);
      }
      result.add(c.node);
    }
    if (converted.size() > seen.size()) {
      converted.keySet().retainAll(seen);
    }
    return List.copyOf(result);
  }

  private record Converted(String version, Object renew, NodeInfo node) {}
}
