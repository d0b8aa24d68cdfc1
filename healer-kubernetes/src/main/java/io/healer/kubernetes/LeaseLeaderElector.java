package io.healer.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease, compatible with client-go's
 * leaderelection (and so with the Go magnum-auto-healer: with the same Lease, the old and the new
 * healer never lead at the same time).
 *
 * <p>The one rule that matters: this instance believes it leads only while {@code now <
 * lastRenewal + renewDeadline} by its own clock, where {@code lastRenewal} is when its own last
 * successful write of the Lease happened. A leader that cannot renew stops leading at that instant,
 * without waiting for the API, and well before a follower may take over ({@code leaseDuration} after
 * it last saw the Lease change, by the follower's own clock, as client-go does).
 *
 * <p>Each {@link #step()} does one round: a leader renews with one PUT (a GET only after a
 * conflict); a follower reads the Lease and takes it over when it expired or was released. {@link
 * #start()} runs a step every {@code retryPeriod}; tests call {@link #step()} with a manual clock.
 * {@link #release()} empties the holder so a follower takes over on its next step. Thread-safe.
 */
public final class LeaseLeaderElector implements BooleanSupplier, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LeaseLeaderElector.class);

  private final CoordinationV1Api api;
  private final String namespace;
  private final String name;
  private final String identity;
  private final Duration leaseDuration;
  private final Duration renewDeadline;
  private final Duration retryPeriod;
  private final Clock clock;
  private ScheduledExecutorService schedule;
  private volatile Runnable startedLeading = () -> { };

  // Guarded by this.
  private V1Lease ours;
  private Instant lastRenewal;
  private String observedHolder;
  private OffsetDateTime observedRenewTime;
  private Instant observedAt;
  private String failure;
  private int failureCode;

  /**
   * @param client the API client
   * @param namespace the Lease's namespace (Go default {@code kube-system})
   * @param name the Lease's name (Go default {@code magnum-auto-healer})
   * @param identity this instance's identity, unique among the candidates
   * @param leaseDuration how long followers wait after the last change before taking over (20s)
   * @param renewDeadline how long a leader keeps leading without a successful renewal (15s)
   * @param retryPeriod time between two steps (5s)
   * @param clock the clock every time decision reads
   */
  public LeaseLeaderElector(ApiClient client, String namespace, String name, String identity, Duration leaseDuration,
      Duration renewDeadline, Duration retryPeriod, Clock clock) {
    if (renewDeadline.compareTo(leaseDuration) >= 0 || retryPeriod.compareTo(renewDeadline) >= 0) {
      throw new IllegalArgumentException("leader election needs retry-period < renew-deadline < lease-duration, was "
          + retryPeriod + ", " + renewDeadline + ", " + leaseDuration);
    }
    this.api = new CoordinationV1Api(client);
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.name = Objects.requireNonNull(name, "name");
    this.identity = Objects.requireNonNull(identity, "identity");
    this.leaseDuration = leaseDuration;
    this.renewDeadline = renewDeadline;
    this.retryPeriod = retryPeriod;
    this.clock = clock;
  }

  /**
   * A default identity: the host name and a random suffix, so two processes on one host differ.
   *
   * @return {@code host_xxxxxxxx} (8 hex digits), with {@code healer} as the host when the local
   *     host name cannot be resolved; a new suffix on each call
   */
  public static String defaultIdentity() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "healer";
    }
    byte[] suffix = new byte[4];
    new SecureRandom().nextBytes(suffix);
    return host + "_" + HexFormat.of().formatHex(suffix);
  }

  /**
   * This instance's identity.
   *
   * @return the holder identity this elector writes into the Lease
   */
  public String identity() {
    return identity;
  }

  /** Whether this instance leads now, by its own clock. */
  @Override
  public synchronized boolean getAsBoolean() {
    return lastRenewal != null && clock.instant().isBefore(lastRenewal.plus(renewDeadline));
  }

  /** Runs a step now and then every retry period on a daemon thread, until {@link #close()}. */
  public synchronized void start() {
    if (schedule != null) {
      return;
    }
    schedule = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "healer-leader-election");
      t.setDaemon(true);
      return t;
    });
    schedule.scheduleWithFixedDelay(this::safeStep, 0, retryPeriod.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Whether {@link #start()} has been called and {@link #close()} has not: steps run on their own.
   *
   * @return {@code true} between {@link #start()} and {@link #close()}
   */
  public synchronized boolean isRunning() {
    return schedule != null;
  }

  private void safeStep() {
    try {
      step();
    } catch (RuntimeException e) {
      log.warn("a leader election step failed", e);
    }
  }

  /** One round: renew when leading, else try to acquire. Never throws for API failures. */
  public synchronized void step() {
    boolean wasLeader = getAsBoolean();
    Instant now = clock.instant();
    try {
      if (ours != null && wasLeader) {
        renew(now);
      } else {
        acquire(now);
      }
      if (failure != null) {
        log.info("leader election on Lease {}/{} works again", namespace, name);
        failure = null;
        failureCode = 0;
      }
    } catch (ApiException e) {
      // A conflict means someone else wrote the Lease: read it fresh next time.
      ours = null;
      failed(e);
    }
    boolean leader = getAsBoolean();
    if (leader != wasLeader) {
      log.info("{} {} leader on Lease {}/{}", identity, leader ? "became" : "is no longer", namespace, name);
    }
    if (leader && !wasLeader) {
      try {
        startedLeading.run();
      } catch (RuntimeException e) {
        log.warn("the listener of {} becoming leader failed", identity, e);
      }
    }
  }

  /**
   * Runs {@code listener} on the election's thread each time this instance becomes the leader (not
   * on each renewal): the healer then runs a cycle at once instead of at its next regular one.
   *
   * @param listener what to run; it should return quickly
   */
  public void onStartedLeading(Runnable listener) {
    this.startedLeading = java.util.Objects.requireNonNull(listener, "listener");
  }

  private void failed(ApiException e) {
    String cause = ApiErrors.describe(e);
    if (e.getCode() == ApiErrors.CONFLICT) {
      // Two candidates wrote at once: routine, the next step reads the Lease fresh.
      log.debug("leader election on {}/{}: {}", namespace, name, cause);
      return;
    }
    if (!cause.equals(failure)) {
      // Once per cause, not every retry period: a healer that may not write its Lease never leads.
      log.warn("leader election on Lease {}/{} fails: {}; this instance cannot lead until it works", namespace, name,
          cause);
    }
    failure = cause;
    failureCode = e.getCode();
  }

  /**
   * Why the last step failed, when it failed for a reason other than a routine conflict: the API's
   * answer ({@code HTTP 403: leases.coordination.k8s.io "magnum-auto-healer" is forbidden: ...}).
   *
   * @return the cause of the last failure other than a conflict; empty when no step has failed
   *     that way, or a step has worked since
   */
  public synchronized Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Whether the last step was refused in a way that retrying will not mend: not authenticated
   * (401), not permitted (403), or no such namespace (404). Such an instance can never lead.
   *
   * @return {@code true} when the last failure other than a conflict was HTTP 401, 403 or 404 and
   *     no step has worked since
   */
  public synchronized boolean refused() {
    return failureCode == ApiErrors.UNAUTHORIZED || failureCode == ApiErrors.FORBIDDEN
        || failureCode == ApiErrors.NOT_FOUND;
  }

  private void renew(Instant now) throws ApiException {
    V1Lease lease = copyOf(ours);
    lease.getSpec().setRenewTime(time(now));
    ours = api.replaceNamespacedLease(name, namespace, lease).execute();
    lastRenewal = now;
  }

  private void acquire(Instant now) throws ApiException {
    V1Lease current;
    try {
      current = api.readNamespacedLease(name, namespace).execute();
    } catch (ApiException e) {
      if (e.getCode() != ApiErrors.NOT_FOUND) {
        throw e;
      }
      V1Lease lease = new V1Lease().metadata(new V1ObjectMeta().name(name).namespace(namespace))
          .spec(new V1LeaseSpec().holderIdentity(identity).leaseDurationSeconds(seconds(leaseDuration))
              .acquireTime(time(now)).renewTime(time(now)).leaseTransitions(0));
      ours = api.createNamespacedLease(namespace, lease).execute();
      lastRenewal = now;
      return;
    }
    V1LeaseSpec spec = current.getSpec() == null ? new V1LeaseSpec() : current.getSpec();
    String holder = spec.getHolderIdentity();
    if (identity.equals(holder)) {
      // Ours (say after a conflict): renew on top of the fresh copy.
      ours = current;
      renew(now);
      return;
    }
    if (!Objects.equals(holder, observedHolder) || !Objects.equals(spec.getRenewTime(), observedRenewTime)
        || observedAt == null) {
      observedHolder = holder;
      observedRenewTime = spec.getRenewTime();
      observedAt = now;
    }
    boolean released = holder == null || holder.isEmpty();
    Duration held = spec.getLeaseDurationSeconds() == null ? leaseDuration
        : Duration.ofSeconds(spec.getLeaseDurationSeconds());
    if (!released && now.isBefore(observedAt.plus(held))) {
      lastRenewal = null;
      return;
    }
    V1Lease lease = copyOf(current);
    int transitions = spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions();
    lease.getSpec().holderIdentity(identity).leaseDurationSeconds(seconds(leaseDuration)).acquireTime(time(now))
        .renewTime(time(now)).leaseTransitions(transitions + 1);
    ours = api.replaceNamespacedLease(name, namespace, lease).execute();
    lastRenewal = now;
  }

  /**
   * Gives the Lease up if this instance holds it: empties the holder (as client-go does with
   * ReleaseOnCancel) so that a follower takes over on its next step instead of waiting the Lease
   * out. Stops leading at once, even if the write fails.
   */
  public synchronized void release() {
    boolean leader = getAsBoolean();
    lastRenewal = null;
    if (!leader || ours == null) {
      return;
    }
    try {
      V1Lease lease = copyOf(ours);
      lease.getSpec().holderIdentity("").leaseDurationSeconds(1).renewTime(time(clock.instant()));
      api.replaceNamespacedLease(name, namespace, lease).execute();
      log.info("{} released Lease {}/{}", identity, namespace, name);
    } catch (ApiException e) {
      log.warn("could not release Lease {}/{} ({}); followers wait for it to expire", namespace, name,
          ApiErrors.describe(e));
    } finally {
      ours = null;
    }
  }

  /** Stops the schedule and releases the Lease. */
  @Override
  public void close() {
    ScheduledExecutorService s;
    synchronized (this) {
      s = schedule;
      schedule = null;
    }
    if (s != null) {
      s.shutdownNow();
      try {
        s.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    release();
  }

  private static V1Lease copyOf(V1Lease lease) {
    V1LeaseSpec s = lease.getSpec() == null ? new V1LeaseSpec() : lease.getSpec();
    return new V1Lease().metadata(lease.getMetadata()).spec(new V1LeaseSpec().holderIdentity(s.getHolderIdentity())
        .leaseDurationSeconds(s.getLeaseDurationSeconds()).acquireTime(s.getAcquireTime())
        .renewTime(s.getRenewTime()).leaseTransitions(s.getLeaseTransitions()));
  }

  private static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static int seconds(Duration d) {
    return (int) Math.max(1, d.toSeconds());
  }

  @Override
  public String toString() {
    return "LeaseLeaderElector[" + namespace + "/" + name + ", " + identity + "]";
  }
}
