package io.healer.kubernetes;

import io.healer.fakes.ManualClock;
import org.junit.jupiter.api.AfterEach;

/**
 * A test against a {@link FakeApiServer} on a manual clock, started for each test, with a cluster
 * cache once the test starts one; both are closed after the test (after the subclass's own
 * {@code @AfterEach}).
 */
abstract class OnFakeApiServer {

  final ManualClock clock = new ManualClock();
  final FakeApiServer server = FakeApiServer.start(clock);
  final KubernetesClients clients = KubernetesClients.of(server.client());

  /** The cache of the test, once {@link #startCache()} (or the test) set it; closed after the test. */
  ClusterCache cache;

  /** A cache on kube-system, not yet started, as the test's cache. */
  ClusterCache newCache() {
    cache = new ClusterCache(clients, clock, "kube-system", "healer-control");
    return cache;
  }

  /** Starts a cache on kube-system and waits for its first lists (see {@link SyncedCache}). */
  ClusterCache startCache() throws InterruptedException {
    cache = SyncedCache.start(clients, clock);
    return cache;
  }

  @AfterEach
  final void stopServer() {
    try {
      if (cache != null) {
        cache.close();
      }
    } finally {
      server.close();
    }
  }
}
