package io.healer.core;

import io.healer.api.API;
import io.healer.api.embedding.CycleSummary;
import io.healer.api.embedding.HealerListener;
import io.healer.api.NodeRole;
import io.healer.api.embedding.NodeSource;
import io.healer.api.check.HealthCheck;
import io.healer.api.cloud.CloudProvider;
import io.healer.core.config.HealerConfig;
import io.healer.core.engine.EngineParts;
import io.healer.core.engine.HealingEngine;
import io.healer.core.engine.PartsBuilder;
import io.healer.core.plugin.ConfiguredCheck;
import io.healer.core.plugin.PluginRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A healer for one cluster: the checks and the provider named by its config, an engine, and a
 * schedule that runs a cycle every {@code monitor-interval}. The one entry point for embedders.
 *
 * <pre>{@code
 * HealerConfig config = HealerConfig.builder("prod-eu")
 *     .workerChecks(List.of(CheckConfig.of("NodeCondition")))
 *     .build();
 * try (Healer healer = Healer.builder(config)
 *     .nodeSource(myNodeCache)
 *     .cloudProvider(myProvider)          // or let the registry create config.cloudProvider()
 *     .listener(new HealerListener() {
 *       public void onEvent(HealerEvent event) { audit(event); }
 *     })
 *     .build()) {
 *   healer.runOnce();                    // one cycle on demand, or healer.start() for the schedule
 * }
 * }</pre>
 *
 * <p>Plugins are discovered per instance (no global state): two healers in one JVM share nothing.
 * Thread-safe.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public final class Healer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Healer.class);

  private final HealerConfig config;
  private final HealingEngine engine;
  private final Map<NodeRole, List<ConfiguredCheck>> checks;
  private final Clock clock;
  private final ScheduledExecutorService givenScheduler;
  private volatile ScheduledExecutorService schedule;

  /*
   * The extra-cycle bookkeeping has its own lock: close() holds this healer's monitor while it
   * waits for a running cycle to finish, and that cycle must still be able to schedule.
   */
  private final Object extraLock = new Object();
  /** When the next regular cycle runs, by the engine's clock; null before the first one ends. */
  private Instant nextRegular;
  /** The one pending extra cycle, if any, and the instant it is for. */
  private ScheduledFuture<?> extra;
  private Instant extraAt;
  /** Set by close(): no more extra cycles are scheduled. */
  private boolean closing;

  private Healer(HealerConfig config, HealingEngine engine, Map<NodeRole, List<ConfiguredCheck>> checks,
      Clock clock, ScheduledExecutorService scheduler) {
    this.config = config;
    this.engine = engine;
    this.checks = checks;
    this.clock = clock;
    this.givenScheduler = scheduler;
  }

  /**
   * Starts a builder for the given config.
   *
   * @param config what to check and how to repair
   * @return a new builder
   */
  public static Builder builder(HealerConfig config) {
    return new Builder(config);
  }

  /**
   * The config this healer runs with.
   *
   * @return the config given to the builder, never {@code null}
   */
  public HealerConfig config() {
    return config;
  }

  /**
   * The checks each role gets, in config order.
   *
   * @return the configured checks and then the builder's extra ones per role, unmodifiable; a role
   *     without checks may be absent
   */
  public Map<NodeRole, List<ConfiguredCheck>> checks() {
    return checks;
  }

  /**
   * Runs one cycle now and returns what it saw and did.
   *
   * @return what the cycle saw and did, never {@code null}
   */
  public CycleSummary runOnce() {
    return engine.runCycle();
  }

  /**
   * When the engine next has something due on its own (see {@link HealingEngine#nextDue()}): for
   * embedders that drive cycles with {@link #runOnce()} on a schedule of their own.
   *
   * @return the instant, or empty when nothing is due by itself (see {@link HealingEngine#nextDue()})
   */
  public Optional<Instant> nextDue() {
    return engine.nextDue();
  }

  /**
   * Runs a cycle now and then every {@code monitor-interval} on a daemon thread, until {@link
   * #close()}. A cycle that fails is logged; the next one runs as planned.
   *
   * <p>After each cycle, when the engine's {@link HealingEngine#nextDue()} comes before the next
   * regular cycle (a failure reaches its unhealthy-duration, a step's wait or a backoff ends), one
   * extra cycle is scheduled for that instant. A failure is then repaired when it comes due instead
   * of up to one monitor-interval later; the regular schedule is not moved.
   *
   * @throws IllegalStateException if already started
   */
  public synchronized void start() {
    if (schedule != null) {
      throw new IllegalStateException("this healer is already running");
    }
    schedule = givenScheduler != null ? givenScheduler : Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "healer-cycle");
      t.setDaemon(true);
      return t;
    });
    long every = config.monitorInterval().toMillis();
    schedule.scheduleWithFixedDelay(this::regularCycle, 0, every, TimeUnit.MILLISECONDS);
    log.info("healer started for cluster {}: a cycle every {}", config.clusterName(), config.monitorInterval());
  }

  /**
   * Runs one extra cycle at once on the schedule's thread: for a healer that has just become the
   * leader, so that its first decisions do not wait for the next regular cycle (up to a whole
   * {@code monitor-interval}; the Go healer starts its loop when it starts leading). The regular
   * schedule is not moved. Does nothing before {@link #start()} or once closing.
   *
   * @since 0.1
   */
  public void cycleNow() {
    synchronized (extraLock) {
      ScheduledExecutorService s = schedule;
      if (closing || s == null || s.isShutdown()) {
        return;
      }
      try {
        s.schedule(this::wakeCycle, 0, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // Closing: the schedule no longer takes work.
      }
    }
  }

  private void wakeCycle() {
    safeCycle();
    scheduleExtra();
  }

  private void regularCycle() {
    safeCycle();
    synchronized (extraLock) {
      // The fixed delay counts from the end of this run.
      nextRegular = clock.instant().plus(config.monitorInterval());
    }
    scheduleExtra();
  }

  private void extraCycle() {
    synchronized (extraLock) {
      extra = null;
      extraAt = null;
    }
    safeCycle();
    scheduleExtra();
  }

  private void safeCycle() {
    try {
      engine.runCycle();
    } catch (RuntimeException e) {
      log.error("a healing cycle failed; the next one runs in {}", config.monitorInterval(), e);
    }
  }

  /** Schedules one extra cycle at the engine's next due instant when it comes before the next regular cycle. */
  private void scheduleExtra() {
    Optional<Instant> due;
    try {
      due = engine.nextDue();
    } catch (RuntimeException e) {
      log.warn("could not tell when the next repair decision is due; waiting for the regular cycle", e);
      return;
    }
    synchronized (extraLock) {
      if (closing || due.isEmpty() || nextRegular == null || !due.get().isBefore(nextRegular)) {
        return;
      }
      if (extra != null && !extra.isDone()) {
        if (!extraAt.isAfter(due.get())) {
          return;
        }
        extra.cancel(false);
      }
      ScheduledExecutorService s = schedule;
      if (s == null || s.isShutdown()) {
        return;
      }
      // Rounded up to the millisecond, so that the cycle does not run just before the instant.
      long nanos = Math.max(0, Duration.between(clock.instant(), due.get()).toNanos());
      long delay = (nanos + 999_999) / 1_000_000;
      try {
        extra = s.schedule(this::extraCycle, delay, TimeUnit.MILLISECONDS);
        extraAt = due.get();
        log.debug("an extra cycle at {}, before the regular one at {}", due.get(), nextRegular);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // Closing: the schedule no longer takes work.
        extra = null;
        extraAt = null;
      }
    }
  }

  /** Stops the schedule (letting a running cycle finish), the check threads and the checks. */
  @Override
  public synchronized void close() {
    synchronized (extraLock) {
      // A pending one-shot task would otherwise still run after shutdown(), and close() wait for it.
      closing = true;
      if (extra != null) {
        extra.cancel(false);
        extra = null;
        extraAt = null;
      }
    }
    if (schedule != null) {
      schedule.shutdown();
      try {
        if (!schedule.awaitTermination(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS)) {
          schedule.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        schedule.shutdownNow();
      }
      schedule = null;
    }
    engine.close();
    checks.values().stream().flatMap(List::stream).map(ConfiguredCheck::check).distinct().forEach(c -> {
      try {
        c.close();
      } catch (RuntimeException e) {
        log.warn("check {} failed to close", c.getClass().getName(), e);
      }
    });
  }

  /** Builds a {@link Healer}. */
  public static final class Builder extends PartsBuilder<Builder> {
    private final HealerConfig config;
    // Everything the engine takes goes straight to its builder: one place for defaults.
    private final HealingEngine.Builder engine;
    private NodeSource nodeSource;
    private PluginRegistry plugins;
    private final Map<NodeRole, List<ConfiguredCheck>> extraChecks = new EnumMap<>(NodeRole.class);
    private ScheduledExecutorService scheduler;

    private Builder(HealerConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      this.engine = HealingEngine.builder(config);
    }

    /**
     * Where nodes come from (required).
     *
     * @param nodeSource the source of node snapshots, not {@code null}
     * @return this builder
     */
    public Builder nodeSource(NodeSource nodeSource) {
      this.nodeSource = nodeSource;
      engine.nodeSource(nodeSource);
      return this;
    }

    /**
     * The plugins to create checks and the provider from; by default discovered from the class path.
     *
     * @param plugins the registry, or {@code null} to discover plugins from the class path
     * @return this builder
     */
    public Builder plugins(PluginRegistry plugins) {
      this.plugins = plugins;
      return this;
    }

    /**
     * Adds a check instance for a role, after the configured ones.
     *
     * @param role the role whose nodes the check judges, not {@code null}
     * @param type the type the check is shown and counted by, such as {@code NodeCondition}
     * @param unhealthyDuration how long a node must fail the check before it is repaired, zero or more
     * @param check the check, not {@code null}; closed by {@link Healer#close()}
     * @return this builder
     */
    public Builder check(NodeRole role, String type, Duration unhealthyDuration, HealthCheck check) {
      extraChecks.computeIfAbsent(role, r -> new ArrayList<>())
          .add(new ConfiguredCheck(type, unhealthyDuration, check));
      return this;
    }

    /**
     * The scheduler {@link Healer#start()} runs cycles on; by default a single daemon thread of the
     * healer's own. A given scheduler is shut down by {@link Healer#close()}.
     *
     * @param scheduler the scheduler, or {@code null} for the healer's own thread
     * @return this builder
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    /**
     * Where checks run; by default a pool of the engine's own.
     *
     * @param executor the executor, or {@code null} for the engine's own pool
     * @return this builder
     */
    public Builder executor(Executor executor) {
      engine.executor(executor);
      return this;
    }

    /**
     * Whether a failure no record holds counts from the start its check reports, even from before
     * this healer watched; off by default (see {@link HealingEngine.Builder#countTimeBeforeWatching}).
     * A tool that runs one cycle on demand turns it on.
     *
     * @param count {@code true} to count from the start the check reports
     * @return this builder
     */
    public Builder countTimeBeforeWatching(boolean count) {
      engine.countTimeBeforeWatching(count);
      return this;
    }

    /**
     * Creates the checks and the provider and builds the healer.
     *
     * @return the healer, not yet started
     * @throws io.healer.api.config.ConfigException naming every check or provider problem at once
     * @throws NullPointerException if no node source was given
     */
    public Healer build() {
      Objects.requireNonNull(nodeSource, "a node source is required");
      PluginRegistry registry = plugins != null ? plugins : PluginRegistry.builder().build();
      Map<NodeRole, List<ConfiguredCheck>> checks = new EnumMap<>(NodeRole.class);
      registry.createChecks(config).forEach((role, list) -> checks.put(role, new ArrayList<>(list)));
      extraChecks.forEach((role, list) -> checks.computeIfAbsent(role, r -> new ArrayList<>()).addAll(list));
      checks.replaceAll((role, list) -> List.copyOf(list));
      EngineParts parts = givenParts();
      CloudProvider cloud = parts.cloudProvider().orElseGet(() -> registry.createProvider(config));
      HealingEngine built = engine.parts(parts).checks(checks).cloudProvider(cloud).build();
      return new Healer(config, built, Map.copyOf(checks), parts.clock(), scheduler);
    }

    @Override
    protected Builder self() {
      return this;
    }
  }
}
