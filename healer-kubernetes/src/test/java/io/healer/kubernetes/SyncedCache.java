package io.healer.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;

/** The cluster cache as the tests of one hook or store start it: on kube-system, listed once. */
final class SyncedCache {

  private SyncedCache() {}

  /** Starts a cache of the API server behind {@code clients} and waits (10 s at most) for its first lists. */
  static ClusterCache start(KubernetesClients clients, Clock clock) throws InterruptedException {
    ClusterCache cache = new ClusterCache(clients, clock, "kube-system", "healer-control");
    cache.start();
    assertThat(cache.awaitSynced(Duration.ofSeconds(10))).as("the cache listed within 10 s").isTrue();
    return cache;
  }
}
