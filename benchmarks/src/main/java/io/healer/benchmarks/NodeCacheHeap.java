package io.healer.benchmarks;

import io.healer.api.NodeInfo;
import io.healer.core.config.HealerConfig;
import io.healer.fakes.ManualClock;
import io.healer.kubernetes.FakeApiServer;
import io.healer.kubernetes.KubernetesClients;
import io.healer.kubernetes.KubernetesCluster;
import io.healer.kubernetes.KubernetesHealer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The heap healer's Kubernetes side keeps for N nodes, as healer runs it: client-java's informer
 * stores holding N {@code V1Node} and N node {@code V1Lease} objects (realistic ones, see {@link
 * RealisticNodes}), plus the node source's cache of converted {@link NodeInfo}s — against the same
 * nodes as a plain {@code NodeInfo} list, which is what a cycle works on.
 *
 * <p>Method: used heap after several {@code System.gc()} calls (a full, compacting collection on
 * G1 and the other stock collectors), measured before connecting and once the caches have synced
 * and {@code nodes()} has been read once; then again after the Kubernetes side is closed with the
 * {@code NodeInfo} list still held. The fake API server and its objects are built before the first
 * measurement, so they count in neither figure. The fixed cost of the machinery (HTTP clients,
 * informer threads, the Event recorder) is measured the same way against an empty server and
 * taken off.
 */
final class NodeCacheHeap {

  /** Retained bytes: the whole Kubernetes-side cache, the NodeInfo list alone, the fixed machinery. */
  record Result(int nodes, long cache, long nodeInfos, long machinery) {}

  private NodeCacheHeap() {}

  static Result measure(int n) throws Exception {
    long machinery;
    try (FakeApiServer empty = FakeApiServer.start(new ManualClock())) {
      long before = BenchmarkMain.usedAfterGc();
      KubernetesCluster cluster = connect(empty);
      List<NodeInfo> none = cluster.nodeSource().nodes();
      machinery = BenchmarkMain.usedAfterGc() - before;
      cluster.close();
      java.lang.ref.Reference.reachabilityFence(none);
    }

    ManualClock clock = new ManualClock();
    try (FakeApiServer api = FakeApiServer.start(clock)) {
      Instant created = clock.instant().minus(Duration.ofDays(30));
      for (int i = 0; i < n; i++) {
        boolean master = i < 3;
        String name = master ? "k8s-abcdefghij-master-" + i : "k8s-abcdefghij-node-" + (i - 3);
        String id = new UUID(0x5eed_0000_0000_0000L + i, 0x1234_5678_9abc_def0L ^ i).toString();
        String ip = "10.0." + (i / 250) + "." + (i % 250 + 2);
        api.create("/api/v1/nodes", RealisticNodes.node(name, master, id, ip, master ? "default-master"
            : "default-worker", "True", created, created));
        api.create("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases",
            RealisticNodes.lease(name, clock.instant()));
      }
      // One LIST of each before the baseline, by a client that is then dropped: whatever buffers the
      // fake server keeps for its largest answers then count in neither figure.
      new io.kubernetes.client.openapi.apis.CoreV1Api(api.client()).listNode().execute();
      new io.kubernetes.client.openapi.apis.CoordinationV1Api(api.client()).listNamespacedLease("kube-node-lease")
          .execute();
      long before = BenchmarkMain.usedAfterGc();
      histogram("before");
      KubernetesCluster cluster = connect(api);
      List<NodeInfo> nodes = cluster.nodeSource().nodes();
      if (nodes.size() != n) {
        throw new IllegalStateException("the cache holds " + nodes.size() + " nodes, not " + n);
      }
      long cache = BenchmarkMain.usedAfterGc() - before;
      histogram("with the cache");
      cluster.close();
      cluster = null;
      // A stopped informer's watch thread stays blocked on its stream, holding the store, until the
      // server ends the stream: end them so that only the NodeInfo list is left.
      api.dropWatches();
      long nodeInfos = BenchmarkMain.usedAfterGc() - before;
      histogram("after close");
      java.lang.ref.Reference.reachabilityFence(nodes);
      if (Boolean.getBoolean("heap.histogram")) {
        nodes = null;
        System.out.println("after dropping the NodeInfo list: " + (BenchmarkMain.usedAfterGc() - before) + " bytes");
        histogram("after dropping the NodeInfo list");
      }
      return new Result(n, cache - machinery, nodeInfos, machinery);
    }
  }

  /** With -Dheap.histogram=true: the top of a class histogram (jcmd GC.class_histogram), to see what is retained. */
  static void histogram(String when) throws Exception {
    if (!Boolean.getBoolean("heap.histogram")) {
      return;
    }
    Object text = java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
        new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {new String[0]}, new String[] {String[].class.getName()});
    System.out.println("class histogram " + when + ":");
    text.toString().lines().limit(28).forEach(System.out::println);
  }

  private static KubernetesCluster connect(FakeApiServer api) {
    // No leader election: the elector's Lease is one object, and its thread would only add noise.
    HealerConfig config = HealerConfig.builder("heap").leaderElect(false).build();
    return KubernetesHealer.builder(config, KubernetesClients.of(api.client())).clock(new ManualClock())
        .namespace("kube-system").identity("heap").syncTimeout(Duration.ofMinutes(5)).connect();
  }

  static String describe(Result r) {
    long informer = r.cache() - r.nodeInfos();
    return String.format(Locale.ROOT, "Heap at %,d nodes as healer runs it (retained, used heap after GC): Kubernetes"
            + " side %.1f MiB (%,d bytes/node) = client-java informer stores of V1Node + node V1Lease %.1f MiB"
            + " (%,d bytes/node) + converted NodeInfo cache %.1f MiB (%,d bytes/node); the same nodes as a plain"
            + " NodeInfo list %.1f MiB; fixed machinery (clients, informer threads) %.1f MiB, not counted above",
        r.nodes(), mib(r.cache()), r.cache() / r.nodes(), mib(informer), informer / r.nodes(), mib(r.nodeInfos()),
        r.nodeInfos() / r.nodes(), mib(r.nodeInfos()), mib(r.machinery()));
  }

  private static double mib(long bytes) {
    return bytes / 1048576.0;
  }
}
