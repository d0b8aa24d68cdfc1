package io.healer.daemon;

import io.healer.core.Healer;
import io.healer.core.config.HealerConfig;
import io.healer.core.plugin.PluginRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running healer: the engine on its schedule, the metrics listener and the operations endpoints,
 * over one cluster connection. {@link #stop()} is what SIGTERM does.
 *
 * <p><b>Shutdown never leaves a repair half-recorded.</b> The engine writes each repair step to the
 * ledger before it calls the cloud, inside the cycle; {@link Healer#close()} lets a running cycle
 * finish (up to 30 s) before anything else closes, so the connection the ledger writes through is
 * closed only after the cycle's last write. {@code /readyz} turns 503 first, so no new traffic is
 * routed meanwhile.
 */
final class Daemon {

  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  private final Healer healer;
  private final ClusterConnection connection;
  private final Endpoints endpoints;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean stopping;

  private Daemon(Healer healer, ClusterConnection connection, Endpoints endpoints) {
    this.healer = healer;
    this.connection = connection;
    this.endpoints = endpoints;
    endpoints.readiness(this::ready, this::waitingFor);
  }

  /**
   * The operations endpoints and the metrics registry, served before the cluster connection is made:
   * while healer connects (which can take minutes against an API server that does not answer),
   * {@code /healthz} says the process is alive and {@code /readyz} says it is not ready, so a
   * liveness probe does not kill it before its first error message is out.
   */
  static final class Endpoints implements AutoCloseable {
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final OpsServer ops;
    private volatile BooleanSupplier ready = () -> false;
    private volatile Supplier<String> waitingFor = () -> "starting";

    private Endpoints(InetSocketAddress address) {
      try {
        this.ops = OpsServer.start(address, metrics::scrape, () -> ready.getAsBoolean(), () -> waitingFor.get());
      } catch (RuntimeException e) {
        metrics.close();
        throw e;
      }
    }

    /** Serves /metrics, /healthz and /readyz (not ready until a daemon takes them over). */
    static Endpoints serve(InetSocketAddress address) {
      return new Endpoints(address);
    }

    /** Whether ready, and what readiness waits for while not: {@code /readyz}'s answer. */
    void readiness(BooleanSupplier ready, Supplier<String> waitingFor) {
      this.ready = ready;
      this.waitingFor = waitingFor;
    }

    /** What readiness waits for while the cluster connection is being made (one line, no secret). */
    void waitingFor(String why) {
      this.waitingFor = () -> why;
    }

    PrometheusMeterRegistry metrics() {
      return metrics;
    }

    int port() {
      return ops.port();
    }

    @Override
    public void close() {
      ops.close();
      metrics.close();
    }
  }

  /**
   * Builds the healer over the connection, takes over the endpoints and starts the schedule. On
   * failure, whatever was started is closed again, the connection and the endpoints included.
   *
   * @param endpoints the endpoints served since before the connection was made
   * @param scheduler where the cycles are scheduled, or {@code null} for the healer's own thread
   */
  static Daemon start(HealerConfig config, PluginRegistry plugins, ClusterConnection connection,
      Endpoints endpoints, ScheduledExecutorService scheduler) {
    PrometheusMeterRegistry metrics = endpoints.metrics();
    Healer healer = null;
    try {
      ObservedCloud cloud = new ObservedCloud(connection.cloudProvider().orElseGet(() -> plugins.createProvider(config)),
          metrics);
      connection.bindMeters(metrics);
      Healer.Builder builder = connection.wire(Healer.builder(config).plugins(plugins))
          .cloudProvider(cloud)
          .listener(new HealerMetrics(metrics, connection.leadership(), cloud));
      if (scheduler != null) {
        builder.scheduler(scheduler);
      }
      healer = builder.build();
      Daemon daemon = new Daemon(healer, connection, endpoints);
      healer.start();
      // A new leader decides at once, not at its next regular cycle (up to a monitor-interval later).
      connection.onStartedLeading(healer::cycleNow);
      return daemon;
    } catch (RuntimeException e) {
      if (healer != null) {
        healer.close();
      }
      connection.close();
      endpoints.close();
      throw e;
    }
  }

  /** The port of the operations endpoints. */
  int port() {
    return endpoints.port();
  }

  /** Ready once the connection is (caches synced, elector running), until shutdown starts. */
  boolean ready() {
    return !stopping && connection.readiness().getAsBoolean();
  }

  /** What readiness waits for while not ready. */
  private String waitingFor() {
    return stopping ? "stopping" : "the cluster connection (caches listed, leader election running and not refused)";
  }

  /** The Prometheus registry the endpoints serve. */
  PrometheusMeterRegistry metrics() {
    return endpoints.metrics();
  }

  /** Stops in order: readiness, the schedule (letting a running cycle finish), the connection, the endpoints. */
  synchronized void stop() {
    if (stopping) {
      return;
    }
    stopping = true;
    LOG.info("stopping: letting a running cycle finish");
    try {
      healer.close();
    } finally {
      connection.close();
      endpoints.close();
      stopped.countDown();
      LOG.info("stopped");
    }
  }

  /** Waits until {@link #stop()} has finished. */
  void awaitStop() throws InterruptedException {
    stopped.await();
  }
}
