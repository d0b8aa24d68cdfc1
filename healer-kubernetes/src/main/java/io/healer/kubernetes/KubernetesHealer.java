package io.healer.kubernetes;

import io.healer.core.Healer;
import io.healer.core.config.GoDuration;
import io.healer.core.config.HealerConfig;
import io.healer.core.engine.RepairHooks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Healer} connected to a Kubernetes cluster: nodes from informers, repair records on the
 * nodes, Lease leader election, the pause ConfigMap, Events, and cordon/drain of workers. The one
 * class a daemon needs:
 *
 * <pre>{@code
 * HealerConfig config = ConfigLoader.load(Path.of("/etc/healer/config.yaml"));
 * KubernetesHealer k8s = KubernetesHealer.builder(config, KubernetesClients.connect(config)).start();
 * Runtime.getRuntime().addShutdownHook(new Thread(k8s::close));   // SIGTERM releases the Lease
 * k8s.healer().start();                                            // a cycle every monitor-interval
 * }</pre>
 *
 * <p>{@link Builder#start()} lists the nodes, node Leases and the pause ConfigMap once, waits for
 * the caches, then starts leader election. {@link #close()} stops the cycles, releases the Lease so
 * a follower takes over at once, sends the queued Events and stops the watches. {@link
 * Builder#connect()} does the same without building a healer: a {@link KubernetesCluster}, for an
 * embedder that builds its own. Thread-safe.
 */
public final class KubernetesHealer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KubernetesHealer.class);
  private static final Path NAMESPACE_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  private final KubernetesCluster cluster;
  private final Healer healer;

  private KubernetesHealer(KubernetesCluster cluster, Healer healer) {
    this.cluster = cluster;
    this.healer = healer;
    // A new leader decides at once, not at its next regular cycle (up to a monitor-interval later).
    cluster.onStartedLeading(healer::cycleNow);
  }

  /**
   * Starts a builder.
   *
   * @param config the healer's config (lease, pause, drain keys included)
   * @param clients the API clients, from {@link KubernetesClients#connect}
   * @return a new builder with the defaults below; nothing is contacted until {@link Builder#start()}
   *     or {@link Builder#connect()}
   */
  public static Builder builder(HealerConfig config, KubernetesClients clients) {
    return new Builder(config, clients);
  }

  /**
   * The healer: {@code runOnce()} for one cycle, {@code start()} for the schedule.
   *
   * @return the engine built on this cluster; closed by {@link #close()}
   */
  public Healer healer() {
    return healer;
  }

  /**
   * This instance's leader-election identity.
   *
   * @return the identity given to the builder, else the host name with a random suffix; never null
   */
  public String identity() {
    return cluster.identity();
  }

  /**
   * Whether this instance may repair now (always, when leader election is off).
   *
   * @return {@code true} when this instance holds the Lease or leader election is off
   */
  public boolean isLeader() {
    return cluster.leadership().getAsBoolean();
  }

  /**
   * Whether an operator paused healing (the pause ConfigMap), as the engine sees it.
   *
   * @return {@code true} while the pause ConfigMap says paused, or has not been listed yet
   */
  public boolean isPaused() {
    return cluster.pauseSwitch().getAsBoolean();
  }

  /**
   * The Kubernetes side this healer runs on.
   *
   * @return the cluster whose parts the engine was wired with; closed by {@link #close()}
   */
  public KubernetesCluster cluster() {
    return cluster;
  }

  /** The pause switch the engine reads. */
  BooleanSupplier pauseSwitch() {
    return cluster.pauseSwitch();
  }

  /** The elector, if leader election is on (tests step it by hand). */
  Optional<LeaseLeaderElector> elector() {
    return cluster.elector();
  }

  /** Sends the queued Events now (tests; the background sender does it otherwise). */
  void sendEvents() {
    cluster.sendEvents();
  }

  /** Stops the cycles, releases the Lease, flushes the Events and stops the watches. */
  @Override
  public void close() {
    try {
      healer.close();
    } finally {
      cluster.close();
      log.info("healer {} stopped", cluster.identity());
    }
  }

  /** The healer's namespace: the service account's, else {@code POD_NAMESPACE}, else kube-system. */
  static String defaultNamespace() {
    try {
      if (Files.isReadable(NAMESPACE_FILE)) {
        return Files.readString(NAMESPACE_FILE, StandardCharsets.UTF_8).strip();
      }
    } catch (IOException e) {
      log.debug("cannot read {}", NAMESPACE_FILE, e);
    }
    String env = System.getenv("POD_NAMESPACE");
    return env == null || env.isBlank() ? "kube-system" : env.strip();
  }

  /** What to look at for the failures of the first lists, as {@link ClusterCache#notSyncedBecause()} names them. */
  static String advice(String why) {
    if (why.contains("HTTP 403")) {
      return "check the RBAC rules (nodes, leases, configmaps: list and watch)";
    }
    if (why.contains("HTTP 401")) {
      return "check the credentials of the kubeconfig or the service account";
    }
    if (why.contains("HTTP ")) {
      return "check the API server's answer above";
    }
    return "check the API server's address and that it is reachable from here";
  }

  /** Builds and starts a {@link KubernetesHealer}. */
  public static final class Builder {
    private final HealerConfig config;
    private final KubernetesClients clients;
    private Clock clock = Clock.systemUTC();
    private String namespace;
    private String identity;
    private Duration staleAfter = Duration.ofMinutes(2);
    private Duration watchSilenceLimit = Duration.ofMinutes(3);
    private Duration syncTimeout = Duration.ofMinutes(2);
    private Consumer<Healer.Builder> customizer = b -> {};
    private Consumer<String> waiting = why -> {};
    private boolean background = true;

    private Builder(HealerConfig config, KubernetesClients clients) {
      this.config = Objects.requireNonNull(config, "config");
      this.clients = Objects.requireNonNull(clients, "clients");
    }

    /**
     * The clock for every time decision; the system clock by default.
     *
     * @param clock the clock for leases, caches, Events and the engine; not null
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The healer's namespace (of the pause ConfigMap); by default the service account's.
     *
     * @param namespace the namespace, or {@code null} for the service account's, else {@code
     *     POD_NAMESPACE}, else kube-system
     * @return this builder
     */
    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /**
     * The leader-election identity; the host name and a random suffix by default.
     *
     * @param identity the holder name written into the Lease and the Events' source instance, or
     *     {@code null} for the default
     * @return this builder
     */
    public Builder identity(String identity) {
      this.identity = identity;
      return this;
    }

    /**
     * How long the node watch may fail before the engine stops trusting the cache; 2 minutes.
     *
     * @param staleAfter the longest time the node watch may keep failing; not null
     * @return this builder
     */
    public Builder staleAfter(Duration staleAfter) {
      this.staleAfter = Objects.requireNonNull(staleAfter, "staleAfter");
      return this;
    }

    /**
     * How long the node watch may send nothing (no event, no bookmark) before it is closed and opened
     * anew, so that a connection that stalled without closing is replaced; when the new one gets no
     * answer within half this time more, the engine stops trusting the cache. 3 minutes.
     *
     * @param limit the longest silence of an open node watch; not null
     * @return this builder
     */
    public Builder watchSilenceLimit(Duration limit) {
      this.watchSilenceLimit = Objects.requireNonNull(limit, "limit");
      return this;
    }

    /**
     * How long {@link #start()} waits for the first LISTs; 2 minutes.
     *
     * @param syncTimeout the longest wait of {@link #start()} and {@link #connect()} for the caches;
     *     not null
     * @return this builder
     */
    public Builder syncTimeout(Duration syncTimeout) {
      this.syncTimeout = Objects.requireNonNull(syncTimeout, "syncTimeout");
      return this;
    }

    /**
     * Told, while {@link #connect()} waits for the first lists, what it waits for each time that
     * changes: {@code nodes: ConnectException: Failed to connect to /10.0.0.1:6443; node Leases in
     * kube-node-lease: no answer yet}. Never a credential.
     *
     * @param waiting called with the new reason, on the thread that waits; not null
     * @return this builder
     */
    public Builder onWaiting(Consumer<String> waiting) {
      this.waiting = Objects.requireNonNull(waiting, "waiting");
      return this;
    }

    /**
     * Anything else for the healer: the cloud provider, checks, listeners, an executor.
     *
     * @param customizer given the healer builder after the cluster's parts are wired in, before it
     *     builds; used by {@link #start()} only; not null
     * @return this builder
     */
    public Builder configure(Consumer<Healer.Builder> customizer) {
      this.customizer = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /** For tests: no background election or event threads; they call step() and sendEvents(). */
    Builder manual() {
      this.background = false;
      return this;
    }

    /**
     * Lists and starts watching, waits for the caches, starts leader election and builds the healer.
     *
     * @return the healer, not yet started on its schedule; close it when done
     * @throws IllegalStateException when the caches do not sync within the timeout
     */
    public KubernetesHealer start() {
      KubernetesCluster cluster = connect();
      try {
        Healer.Builder b = cluster.wire(Healer.builder(config));
        customizer.accept(b);
        return new KubernetesHealer(cluster, b.build());
      } catch (RuntimeException e) {
        cluster.close();
        throw e;
      }
    }

    /**
     * Lists and starts watching, waits for the caches and starts leader election, without building
     * a healer: for an embedder that builds its own from the parts. {@link #configure} is not used.
     *
     * @return the connected Kubernetes side; close it when done
     * @throws IllegalStateException when the caches do not sync within the timeout
     */
    public KubernetesCluster connect() {
      String ns = namespace == null ? defaultNamespace() : namespace;
      String id = identity == null ? LeaseLeaderElector.defaultIdentity() : identity;
      ClusterCache cache = new ClusterCache(clients, clock, ns, config.pauseConfigMap());
      cache.start();
      try {
        if (!cache.awaitSynced(syncTimeout, waiting)) {
          String why = cache.notSyncedBecause();
          cache.close();
          throw new IllegalStateException("the Kubernetes API server did not answer the first lists within "
              + GoDuration.format(syncTimeout) + " (" + why + "); " + advice(why));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cache.close();
        throw new IllegalStateException("interrupted while waiting for the Kubernetes caches", e);
      }
      LeaseLeaderElector elector = null;
      if (config.leaderElect()) {
        elector = new LeaseLeaderElector(clients.api(), config.leaseNamespace(), config.leaseName(), id,
            config.leaseDuration(), config.renewDeadline(), config.retryPeriod(), clock);
      }
      NodeWriter writer = new NodeWriter(cache, clients.api());
      KubernetesEventRecorder events = new KubernetesEventRecorder(clients.api(), clock, id,
          name -> cache.node(name).map(n -> n.getMetadata().getUid()));
      List<RepairHooks> hooks = new ArrayList<>();
      if (config.drainEnabled()) {
        hooks.add(new DrainHooks(writer, clients.api(), config.drainTimeout()));
      }
      if (config.fenceBeforeRebuild()) {
        hooks.add(new OutOfServiceTaint(writer));
      }
      // After the drain hooks: their started() still patches the old Node before it is deleted.
      hooks.add(new ReplacedNodeDeleter(clients.api()));
      if (background) {
        events.start();
        if (elector != null) {
          elector.start();
        }
      }
      log.info("healer {} connected: {} nodes cached, leader election {}", id, cache.nodes().size(),
          elector == null ? "off" : "on Lease " + config.leaseNamespace() + "/" + config.leaseName());
      return new KubernetesCluster(cache, elector, events, new InformerNodeSource(cache, staleAfter, watchSilenceLimit),
          new AnnotationRepairLedger(cache, writer, config.rebuildDelayAfterReboot()), new ConfigMapPauseSwitch(cache),
          new ConfigMapStormStateStore(clients.api(), ns, config.pauseConfigMap()), new ChainedRepairHooks(hooks),
          clock, id, new CurrentLeader(clients.api(), config.leaseNamespace(), config.leaseName(), clock));
    }
  }
}
