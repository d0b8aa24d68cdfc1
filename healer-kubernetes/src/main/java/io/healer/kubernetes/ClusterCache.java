package io.healer.kubernetes;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ListerWatcher;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseList;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.Watchable;
import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import okhttp3.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * healer's view of the cluster: shared informers (list once, then watch) for the nodes, the node
 * Leases in {@value #NODE_LEASE_NAMESPACE}, and the one pause ConfigMap. Everything healer reads
 * each cycle comes from here, so a steady cycle makes no read request at all.
 *
 * <p>A watch that drops is resumed from the last resource version; one that expired (410 Gone) is
 * re-listed and the cache replaced, as client-java's reflector does: no object is lost or
 * duplicated. Thread-safe.
 */
final class ClusterCache implements AutoCloseable {

  /** Where kubelets renew their heartbeat Leases. */
  static final String NODE_LEASE_NAMESPACE = "kube-node-lease";

  private static final Logger log = LoggerFactory.getLogger(ClusterCache.class);

  private final CoreV1Api core;
  private final CoordinationV1Api coordination;
  private final io.kubernetes.client.openapi.ApiClient watchClient;
  private final ExecutorService threads;
  private final SharedInformerFactory factory;
  private final SharedIndexInformer<V1Node> nodes;
  private final SharedIndexInformer<V1Lease> leases;
  private final SharedIndexInformer<V1ConfigMap> configMaps;
  private final WatchHealth nodeHealth;
  private final WatchHealth leaseHealth;
  private final WatchHealth configHealth;
  private volatile Watchable<?> nodeWatch;
  private final String pauseNamespace;

  ClusterCache(KubernetesClients clients, Clock clock, String pauseNamespace, String pauseConfigMap) {
    this.watchClient = clients.watch();
    this.core = new CoreV1Api(watchClient);
    this.coordination = new CoordinationV1Api(watchClient);
    this.pauseNamespace = pauseNamespace;
    AtomicInteger n = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "healer-informer-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.factory = new SharedInformerFactory(watchClient, threads, false);
    this.nodeHealth = new WatchHealth("nodes", clock);
    this.leaseHealth = new WatchHealth("node Leases in " + NODE_LEASE_NAMESPACE, clock);
    this.configHealth = new WatchHealth("ConfigMap " + pauseNamespace + "/" + pauseConfigMap, clock);
    // The stores keep what healer reads, not whole objects (CachedObjects). Done here rather than by
    // the informer's transform: the reflector's thread keeps the LIST's answer while it watches, so
    // a transform would leave both copies on the heap.
    CachedObjects kept = new CachedObjects();

    this.nodes = factory.sharedIndexInformerFor(tracked(nodeHealth,
        p -> core.listNode().resourceVersion(p.resourceVersion).timeoutSeconds(p.timeoutSeconds).execute(),
        p -> core.listNode().resourceVersion(p.resourceVersion).timeoutSeconds(p.timeoutSeconds)
            .allowWatchBookmarks(true).watch(true).buildCall(null),
        new TypeToken<Watch.Response<V1Node>>() {}.getType(), kept::node), V1Node.class, 0, failures(nodeHealth));
    this.leases = factory.sharedIndexInformerFor(tracked(leaseHealth,
        p -> coordination.listNamespacedLease(NODE_LEASE_NAMESPACE).resourceVersion(p.resourceVersion)
            .timeoutSeconds(p.timeoutSeconds).execute(),
        p -> coordination.listNamespacedLease(NODE_LEASE_NAMESPACE).resourceVersion(p.resourceVersion)
            .timeoutSeconds(p.timeoutSeconds).allowWatchBookmarks(true).watch(true).buildCall(null),
        new TypeToken<Watch.Response<V1Lease>>() {}.getType(), kept::lease), V1Lease.class, 0, failures(leaseHealth));
    String byName = "metadata.name=" + pauseConfigMap;
    this.configMaps = factory.sharedIndexInformerFor(tracked(configHealth,
        p -> core.listNamespacedConfigMap(pauseNamespace).fieldSelector(byName).resourceVersion(p.resourceVersion)
            .timeoutSeconds(p.timeoutSeconds).execute(),
        p -> core.listNamespacedConfigMap(pauseNamespace).fieldSelector(byName).resourceVersion(p.resourceVersion)
            .timeoutSeconds(p.timeoutSeconds).allowWatchBookmarks(true).watch(true).buildCall(null),
        new TypeToken<Watch.Response<V1ConfigMap>>() {}.getType(), c -> c), V1ConfigMap.class, 0,
        failures(configHealth));
  }

  /** Starts every informer: one LIST each, then watches. */
  void start() {
    factory.startAllRegisteredInformers();
  }

  /**
   * Waits until every informer has listed once, polling briefly.
   *
   * @return whether they all synced within the timeout
   */
  boolean awaitSynced(Duration timeout) throws InterruptedException {
    return awaitSynced(timeout, why -> {});
  }

  /**
   * As {@link #awaitSynced(Duration)}, telling {@code waiting} what the wait is for each time that
   * changes ({@link #notSyncedBecause()}), so that a readiness probe can say it.
   */
  boolean awaitSynced(Duration timeout, java.util.function.Consumer<String> waiting) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String told = null;
    while (!synced()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      String why = notSyncedBecause();
      if (!why.equals(told)) {
        waiting.accept(why);
        told = why;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /** What keeps the informers that have not listed yet from listing, for the timeout's message. */
  String notSyncedBecause() {
    StringBuilder why = new StringBuilder();
    appendWhy(why, nodes, nodeHealth);
    appendWhy(why, leases, leaseHealth);
    appendWhy(why, configMaps, configHealth);
    return why.toString();
  }

  private static void appendWhy(StringBuilder why, SharedIndexInformer<?> informer, WatchHealth health) {
    if (!informer.hasSynced()) {
      why.append(why.length() == 0 ? "" : "; ").append(health.what()).append(": ")
          .append(health.lastError().isEmpty() ? "no answer yet" : health.lastError());
    }
  }

  /** Whether every informer has listed once. */
  boolean synced() {
    return nodes.hasSynced() && leases.hasSynced() && configMaps.hasSynced();
  }

  /** Whether the node informer has listed once. */
  boolean nodesSynced() {
    return nodes.hasSynced();
  }

  /** The node informer's list and watch health. */
  WatchHealth nodeHealth() {
    return nodeHealth;
  }

  /** Whether the pause ConfigMap's informer has listed once. */
  boolean configMapSynced() {
    return configMaps.hasSynced();
  }

  /**
   * Closes the node watch, so that the informer lists and watches anew: for a watch that has gone
   * silent, whose connection may have stalled without closing (client-java's informers allow no
   * read timeout, so nothing else would ever end it).
   */
  void abandonNodeWatch() {
    Watchable<?> watch = nodeWatch;
    if (watch != null) {
      try {
        watch.close();
      } catch (java.io.IOException | RuntimeException e) {
        log.debug("closing the silent node watch failed: {}", e.toString());
      }
    }
  }

  /** Every cached node. */
  List<V1Node> nodes() {
    return nodes.getIndexer().list();
  }

  /** One cached node. */
  Optional<V1Node> node(String name) {
    return Optional.ofNullable(new Lister<>(nodes.getIndexer()).get(name));
  }

  /** The cached heartbeat Lease of a node. */
  Optional<V1Lease> nodeLease(String nodeName) {
    return Optional.ofNullable(new Lister<>(leases.getIndexer(), NODE_LEASE_NAMESPACE).get(nodeName));
  }

  /** The cached pause ConfigMap, if it exists. */
  Optional<V1ConfigMap> pauseConfigMap() {
    List<V1ConfigMap> all = new Lister<>(configMaps.getIndexer(), pauseNamespace).list();
    return all.stream().findFirst();
  }

  /** Stops the informers and their threads. */
  @Override
  public void close() {
    factory.stopAllRegisteredInformers(true);
    threads.shutdownNow();
  }

  /** What one list or watch call does with the informer's parameters. */
  @FunctionalInterface
  private interface ApiCall<T> {
    T call(CallGeneratorParams params) throws ApiException;
  }

  private <T extends KubernetesObject, L extends KubernetesListObject> ListerWatcher<T, L> tracked(
      WatchHealth health, ApiCall<L> list, ApiCall<Call> watch, Type watchType, UnaryOperator<T> keep) {
    return new ListerWatcher<>() {
      @Override
      public L list(CallGeneratorParams params) throws ApiException {
        pause(health.retryDelay());
        try {
          L result = list.call(params);
          keepOnly(result, keep);
          health.succeeded();
          health.heard();
          return result;
        } catch (ApiException | RuntimeException e) {
          health.failed(e);
          throw e;
        }
      }

      @Override
      public Watchable<T> watch(CallGeneratorParams params) throws ApiException {
        try {
          Watchable<T> result = new HeardWatch<>(Watch.createWatch(watchClient, watch.call(params), watchType), health,
              keep);
          health.succeeded();
          health.heard();
          if (health == nodeHealth) {
            nodeWatch = result;
          }
          return result;
        } catch (ApiException | RuntimeException e) {
          // 410 Gone is routine (the reflector re-lists); anything else is an outage until a call works.
          if (ApiErrors.code(e) != ApiErrors.GONE) {
            health.failed(e);
          }
          throw e;
        }
      }
    };
  }

  /**
   * Waits before an attempt during an outage. A stop interrupts the wait; the attempt then goes
   * ahead at once and ends as the stopped informer's calls do.
   */
  private static void pause(Duration delay) {
    if (delay.isZero()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Replaces each item of a LIST's answer, in place, by what the store keeps of it. */
  @SuppressWarnings("unchecked")
  private static <T> void keepOnly(KubernetesListObject list, UnaryOperator<T> keep) {
    if (list == null || list.getItems() == null) {
      return;
    }
    java.util.ListIterator<T> items = ((List<T>) list.getItems()).listIterator();
    while (items.hasNext()) {
      items.set(keep.apply(items.next()));
    }
  }

  /**
   * A watch that tells its health each time an event or a bookmark arrives, and passes on only what
   * the store keeps of each object.
   */
  private static final class HeardWatch<T> implements Watchable<T> {
    private final Watchable<T> watch;
    private final WatchHealth health;
    private final UnaryOperator<T> keep;

    HeardWatch(Watchable<T> watch, WatchHealth health, UnaryOperator<T> keep) {
      this.watch = watch;
      this.health = health;
      this.keep = keep;
    }

    @Override
    public boolean hasNext() {
      return watch.hasNext();
    }

    @Override
    public Watch.Response<T> next() {
      Watch.Response<T> event = watch.next();
      health.heard();
      if (event.object != null) {
        event.object = keep.apply(event.object);
      }
      return event;
    }

    @Override
    public java.util.Iterator<Watch.Response<T>> iterator() {
      return this;
    }

    @Override
    public void close() throws java.io.IOException {
      watch.close();
    }
  }

  private static <T> java.util.function.BiConsumer<Class<T>, Throwable> failures(WatchHealth health) {
    return (type, error) -> {
      if (ApiErrors.code(error) != ApiErrors.GONE) {
        health.failed(error);
      }
      log.debug("the {} informer's watch failed: {}", type.getSimpleName(), ApiErrors.describe(error));
    };
  }

  /** For tests: when the node watch started failing, if it is. */
  Optional<Instant> nodeWatchFailingSince() {
    return nodeHealth.failingSince();
  }
}
