package io.healer.fakes;

import io.healer.api.API;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.ClusterHealth;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.PowerState;
import io.healer.api.cloud.ServerState;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.RepairTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link CloudProvider} for tests that records every call, answers as configured, and, when
 * {@linkplain #connectedTo connected} to a {@link FakeCluster}, repairs the cluster's machines.
 *
 * <pre>{@code
 * FakeCloud cloud = FakeCloud.connectedTo(cluster, clock);
 * cloud.supportedActions(NodeRole.MASTER, EnumSet.of(RepairAction.REBOOT));
 * cluster.fault("worker-1", Fault.diskCorruption());
 * // ... run the engine, advancing the clock ...
 * assertThat(cloud.repairsOf("worker-1"))
 *     .extracting(FakeCloud.Repair::action)
 *     .containsExactly(RepairAction.REBOOT, RepairAction.REBUILD);
 * assertThat(cluster.node("worker-1").condition("Ready"))
 *     .map(NodeCondition::status).hasValue("True");
 * }</pre>
 *
 * <p><b>Answers.</b> For each target of a {@link #repair} call, in this order: an action not in
 * {@link #supportedActions(NodeRole)} is {@code NOT_SUPPORTED}; a node given an {@link #answer}
 * gets it; while {@link #failNextRepairs} has failures left, the target {@code FAILED}; otherwise
 * the repair is {@code STARTED}.
 *
 * <p><b>Effects.</b> A connected cloud has a repair that started reach the machine {@link
 * #repairTime(Duration)} later by the clock (two minutes by default; at once for a {@code DONE}
 * answer): the cluster then {@linkplain FakeCluster#repairMachine repairs the machine}, unless the
 * node is gone or now runs on another machine (its provider id changed).
 *
 * <p><b>Power.</b> Every server is {@code ACTIVE} ({@link PowerState#running}) until {@link
 * #powerState(String, PowerState)} says otherwise; {@link #powerOff} is accepted, recorded, and
 * turns the server {@code SHUTOFF} {@link #powerOffTime(Duration)} later by the clock (at the next
 * read for a cloud on its own); {@link #failPowerCalls(String)} makes both calls fail as an API
 * error would.
 *
 * <p><b>Servers.</b> {@link #serverState(NodeInfo)} answers the power state in Nova's words ({@code
 * ACTIVE}, {@code SHUTOFF}, or the cloud word of {@link PowerState#other}, such as {@code ERROR}),
 * with the host {@link #placeServer} put the server on and that host's state ({@link #hostStatus}),
 * or no host and no host state, as Nova shows them to a non-admin user before microversion 2.16;
 * {@link #failPowerCalls(String)} makes it unknown too.
 *
 * <p>Thread-safe: configuration, answers and records share one lock.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FakeCloud implements CloudProvider {

  /** How long a connected cloud's repair takes by default. */
  public static final Duration DEFAULT_REPAIR_TIME = Duration.ofMinutes(2);

  private final Object lock = new Object();
  private final FakeCluster cluster;
  private final Clock clock;

  private final Map<NodeRole, Set<RepairAction>> supported = new EnumMap<>(NodeRole.class);
  private ClusterStatus status = ClusterStatus.ready();
  private int failuresLeft;
  private String failureReason = "";
  private final Map<String, Answer> answers = new HashMap<>();
  private Duration repairTime = DEFAULT_REPAIR_TIME;

  private final List<RepairRequest> requests = new ArrayList<>();
  private final List<Repair> repairs = new ArrayList<>();
  private final List<ClusterHealth> healthReports = new ArrayList<>();
  private int statusCalls;
  private final Map<String, PowerState> power = new HashMap<>();
  private final Map<String, Instant> offAt = new HashMap<>();
  private final List<String> powerOffs = new ArrayList<>();
  private final List<String> powerReads = new ArrayList<>();
  private Duration powerOffTime = Duration.ofSeconds(30);
  private String powerFailure;
  private final Map<String, String> hostOf = new HashMap<>();
  private final Map<String, String> hostStatus = new HashMap<>();
  private final List<String> serverReads = new ArrayList<>();

  /**
   * A cloud on its own: it records and answers, and touches no cluster.
   */
  public FakeCloud() {
    this(null, null);
  }

  private FakeCloud(FakeCluster cluster, Clock clock) {
    this.cluster = cluster;
    this.clock = clock;
    for (NodeRole role : NodeRole.values()) {
      supported.put(role, EnumSet.allOf(RepairAction.class));
    }
  }

  /**
   * A cloud whose repairs reach the machines of the given cluster, {@link #repairTime} after the
   * cloud accepted them, by the cluster's clock.
   *
   * @param cluster the cluster to repair, not {@code null}
   * @return the cloud
   */
  public static FakeCloud connectedTo(FakeCluster cluster) {
    return connectedTo(cluster, cluster.clock());
  }

  /**
   * A cloud whose repairs reach the machines of the given cluster, {@link #repairTime} after the
   * cloud accepted them by the given clock (normally the cluster's own).
   *
   * @param cluster the cluster to repair, not {@code null}
   * @param clock when the cloud accepts a repair, not {@code null}
   * @return the cloud
   */
  public static FakeCloud connectedTo(FakeCluster cluster, Clock clock) {
    return new FakeCloud(
        Objects.requireNonNull(cluster, "cluster"), Objects.requireNonNull(clock, "clock"));
  }

  // ---- configuration -------------------------------------------------------------------------

  /**
   * Sets the actions the cloud supports for nodes of a role; all three by default.
   *
   * @param role the role, not {@code null}
   * @param actions the supported actions, possibly none
   * @return this cloud
   */
  public FakeCloud supportedActions(NodeRole role, Set<RepairAction> actions) {
    Objects.requireNonNull(role, "role");
    Set<RepairAction> copy = EnumSet.noneOf(RepairAction.class);
    copy.addAll(actions);
    synchronized (lock) {
      supported.put(role, copy);
    }
    return this;
  }

  /**
   * Sets what {@link #clusterStatus()} answers; {@link ClusterStatus#ready()} by default.
   *
   * @param status the status, not {@code null}
   * @return this cloud
   */
  public FakeCloud clusterStatus(ClusterStatus status) {
    Objects.requireNonNull(status, "status");
    synchronized (lock) {
      this.status = status;
    }
    return this;
  }

  /**
   * Makes the next {@code n} repair targets (of any node without an {@link #answer}) fail.
   *
   * @param n how many, zero or more; replaces any failures still left
   * @param reason the failure's reason, not {@code null}
   * @return this cloud
   */
  public FakeCloud failNextRepairs(int n, String reason) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative, was " + n);
    }
    Objects.requireNonNull(reason, "reason");
    synchronized (lock) {
      failuresLeft = n;
      failureReason = reason;
    }
    return this;
  }

  /**
   * Makes every repair of the node fail until told otherwise ({@code answer(nodeName,
   * Status.STARTED)}).
   *
   * @param nodeName the node
   * @param reason the failure's reason, not {@code null}
   * @return this cloud
   */
  public FakeCloud failRepairsOf(String nodeName, String reason) {
    return answer(nodeName, RepairResult.Status.FAILED, reason);
  }

  /**
   * Sets how every repair of the node is answered; {@link RepairResult.Status#STARTED} goes back to
   * normal.
   *
   * @param nodeName the node
   * @param status the answer, such as {@code RETRY_LATER}
   * @return this cloud
   */
  public FakeCloud answer(String nodeName, RepairResult.Status status) {
    return answer(nodeName, status, "the fake cloud answers " + status + " for " + nodeName);
  }

  /**
   * Sets how every repair of the node is answered, with a reason; {@link
   * RepairResult.Status#STARTED} goes back to normal.
   *
   * @param nodeName the node
   * @param status the answer, such as {@code RETRY_LATER}
   * @param reason the result's reason, not {@code null}
   * @return this cloud
   */
  public FakeCloud answer(String nodeName, RepairResult.Status status, String reason) {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    synchronized (lock) {
      if (status == RepairResult.Status.STARTED) {
        answers.remove(nodeName);
      } else {
        answers.put(nodeName, new Answer(status, reason));
      }
    }
    return this;
  }

  /**
   * Sets how long a connected cloud's repair takes before it reaches the machine.
   *
   * @param repairTime zero or more; {@link #DEFAULT_REPAIR_TIME} by default
   * @return this cloud
   */
  public FakeCloud repairTime(Duration repairTime) {
    Objects.requireNonNull(repairTime, "repairTime");
    if (repairTime.isNegative()) {
      throw new IllegalArgumentException("a repair time must not be negative, was " + repairTime);
    }
    synchronized (lock) {
      this.repairTime = repairTime;
    }
    return this;
  }

  /**
   * Sets what the cloud says of a node's server power; {@code ACTIVE} (running) by default.
   *
   * @param nodeName the node
   * @param state the state, not {@code null}
   * @return this cloud
   * @since 0.2
   */
  public FakeCloud powerState(String nodeName, PowerState state) {
    Objects.requireNonNull(state, "state");
    synchronized (lock) {
      power.put(Objects.requireNonNull(nodeName, "nodeName"), state);
      offAt.remove(nodeName);
    }
    return this;
  }

  /**
   * Sets how long an accepted power-off takes to turn a server {@code SHUTOFF}; 30 seconds by default.
   *
   * @param time the time, not negative
   * @return this cloud
   * @since 0.2
   */
  public FakeCloud powerOffTime(Duration time) {
    if (Objects.requireNonNull(time, "time").isNegative()) {
      throw new IllegalArgumentException("powerOffTime must not be negative, got " + time);
    }
    synchronized (lock) {
      powerOffTime = time;
    }
    return this;
  }

  /**
   * Makes {@link #powerState(NodeInfo)} answer unknown and {@link #powerOff} fail with this reason,
   * as when the compute API answers errors; {@code null} makes them answer again.
   *
   * @param reason the error, or {@code null}
   * @return this cloud
   * @since 0.2
   */
  public FakeCloud failPowerCalls(String reason) {
    synchronized (lock) {
      powerFailure = reason;
    }
    return this;
  }

  /**
   * Puts a node's server on a host, as Nova's {@code hostId} shows it; no host by default.
   *
   * @param nodeName the node, not {@code null}
   * @param hostId the host's opaque id, not {@code null}
   * @return this cloud
   * @since 0.2
   */
  public FakeCloud placeServer(String nodeName, String hostId) {
    synchronized (lock) {
      hostOf.put(Objects.requireNonNull(nodeName, "nodeName"), Objects.requireNonNull(hostId, "hostId"));
    }
    return this;
  }

  /**
   * Sets the state of a host as Nova's {@code host_status} shows it ({@code UP}, {@code DOWN},
   * {@code MAINTENANCE}, {@code UNKNOWN}); {@code null} (the default) hides it, as Nova does for a
   * non-admin user.
   *
   * @param hostId the host's opaque id, not {@code null}
   * @param status the host's state, or {@code null} to hide it
   * @return this cloud
   * @since 0.2
   */
  public FakeCloud hostStatus(String hostId, String status) {
    synchronized (lock) {
      if (status == null) {
        hostStatus.remove(Objects.requireNonNull(hostId, "hostId"));
      } else {
        hostStatus.put(Objects.requireNonNull(hostId, "hostId"), status);
      }
    }
    return this;
  }

  // ---- CloudProvider -------------------------------------------------------------------------

  /** What {@link #powerState(String, PowerState)} set, {@code ACTIVE} by default; recorded. */
  @Override
  public PowerState powerState(NodeInfo node) {
    synchronized (lock) {
      powerReads.add(node.name());
      if (powerFailure != null) {
        return PowerState.unknown(powerFailure);
      }
      return currentPower(node.name());
    }
  }

  /** The server's power now, an accepted power-off applied once it is due; under the lock. */
  private PowerState currentPower(String name) {
    Instant off = offAt.get(name);
    if (off != null && (clock == null || !clock.instant().isBefore(off))) {
      offAt.remove(name);
      power.put(name, PowerState.off("SHUTOFF"));
    }
    return power.getOrDefault(name, PowerState.running("ACTIVE"));
  }

  /** The power state in Nova's words, with the server's host and that host's state; recorded. */
  @Override
  public ServerState serverState(NodeInfo node) {
    synchronized (lock) {
      serverReads.add(node.name());
      if (powerFailure != null) {
        return ServerState.unknown(powerFailure);
      }
      PowerState power = currentPower(node.name());
      if (power.status() == PowerState.Status.UNKNOWN) {
        return ServerState.unknown(power.detail());
      }
      String host = hostOf.get(node.name());
      return ServerState.reported(power.detail(), host, host == null ? null : hostStatus.get(host), null);
    }
  }

  /** Accepts and records the power-off; the server is off {@link #powerOffTime(Duration)} later. */
  @Override
  public RepairResult powerOff(NodeInfo node) {
    synchronized (lock) {
      if (powerFailure != null) {
        return RepairResult.failed(node.name(), powerFailure);
      }
      powerOffs.add(node.name());
      offAt.putIfAbsent(node.name(), clock == null ? Instant.MIN : clock.instant().plus(powerOffTime));
      return RepairResult.started(node.name(), "the fake cloud powers the server off");
    }
  }

  /** Records the request and answers each target as the class description says. */
  @Override
  public List<RepairResult> repair(RepairRequest request) {
    Objects.requireNonNull(request, "request");
    List<RepairResult> results = new ArrayList<>();
    List<Pending> pending = new ArrayList<>();
    synchronized (lock) {
      requests.add(request);
      for (RepairTarget target : request.targets()) {
        RepairResult result = answer(target);
        results.add(result);
        repairs.add(new Repair(request.requestedAt(), target.node().name(), target.action(),
            target.reason(), target.attempt(), result));
        if (cluster != null && result.isSuccess()) {
          Instant now = clock.instant();
          boolean done = result.status() == RepairResult.Status.DONE;
          pending.add(new Pending(done ? now : now.plus(repairTime), target));
        }
      }
    }
    // Scheduled outside our lock: the cluster has its own, and effects never call back into us.
    for (Pending p : pending) {
      cluster.schedule(p.at(), () -> reachMachine(p.target()));
    }
    return List.copyOf(results);
  }

  private RepairResult answer(RepairTarget target) {
    String name = target.node().name();
    NodeRole role = target.node().role();
    if (!supported.get(role).contains(target.action())) {
      return RepairResult.notSupported(name,
          "the fake cloud does not " + target.action() + " " + role.configName() + " nodes");
    }
    Answer answer = answers.get(name);
    if (answer != null) {
      return answer.toResult(name);
    }
    if (failuresLeft > 0) {
      failuresLeft--;
      return RepairResult.failed(name, failureReason);
    }
    return RepairResult.started(name, target.action() + " started by the fake cloud");
  }

  /** The cloud repaired a server, not a name: a node now on another machine is left alone. */
  private void reachMachine(RepairTarget target) {
    String name = target.node().name();
    if (!cluster.contains(name)) {
      return;
    }
    Optional<String> repaired = target.node().providerId();
    if (repaired.isPresent() && !repaired.equals(cluster.node(name).providerId())) {
      return;
    }
    cluster.repairMachine(name, target.action());
  }

  /** Counts the call and answers what {@link #clusterStatus(ClusterStatus)} set. */
  @Override
  public ClusterStatus clusterStatus() {
    synchronized (lock) {
      statusCalls++;
      return status;
    }
  }

  /** The actions set by {@link #supportedActions(NodeRole, Set)}; all three by default. */
  @Override
  public Set<RepairAction> supportedActions(NodeRole role) {
    synchronized (lock) {
      return Set.copyOf(supported.get(Objects.requireNonNull(role, "role")));
    }
  }

  /** Records the report. */
  @Override
  public void reportClusterHealth(ClusterHealth health) {
    Objects.requireNonNull(health, "health");
    synchronized (lock) {
      healthReports.add(health);
    }
  }

  // ---- records ---------------------------------------------------------------------------------

  /**
   * Every repair request received, oldest first.
   *
   * @return an immutable copy
   */
  public List<RepairRequest> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /**
   * Every repair target received, oldest first, with the answer given.
   *
   * @return an immutable copy
   */
  public List<Repair> repairs() {
    synchronized (lock) {
      return List.copyOf(repairs);
    }
  }

  /**
   * The repairs of one node, oldest first.
   *
   * @param nodeName the node
   * @return an immutable list, empty if the node was never repaired
   */
  public List<Repair> repairsOf(String nodeName) {
    synchronized (lock) {
      return repairs.stream().filter(r -> r.nodeName().equals(nodeName)).toList();
    }
  }

  /**
   * The nodes whose servers {@link #powerOff} was asked for, in order, failed calls excluded.
   *
   * @return an immutable copy
   * @since 0.2
   */
  public List<String> powerOffs() {
    synchronized (lock) {
      return List.copyOf(powerOffs);
    }
  }

  /**
   * The nodes whose server state was read ({@link #serverState(NodeInfo)}), in order, one entry per read.
   *
   * @return a copy of the reads
   * @since 0.2
   */
  public List<String> serverReads() {
    synchronized (lock) {
      return List.copyOf(serverReads);
    }
  }

  /**
   * The nodes whose power state was read, in order, one entry per read.
   *
   * @return an immutable copy
   * @since 0.2
   */
  public List<String> powerReads() {
    synchronized (lock) {
      return List.copyOf(powerReads);
    }
  }

  /**
   * How many times {@link #clusterStatus()} was called.
   *
   * @return the number of calls since this cloud was made or last {@link #reset()}
   */
  public int statusCalls() {
    synchronized (lock) {
      return statusCalls;
    }
  }

  /**
   * Every cluster health report received, oldest first.
   *
   * @return an immutable copy
   */
  public List<ClusterHealth> healthReports() {
    synchronized (lock) {
      return List.copyOf(healthReports);
    }
  }

  /**
   * Forgets the recorded calls (requests, repairs, status calls, health reports). Configuration and
   * answers stay, and repairs already started still reach the cluster.
   */
  public void reset() {
    synchronized (lock) {
      requests.clear();
      repairs.clear();
      healthReports.clear();
      statusCalls = 0;
      powerOffs.clear();
      powerReads.clear();
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "FakeCloud[" + repairs.size() + " repairs, " + statusCalls + " status calls]";
    }
  }

  /**
   * One repair target the cloud received, and its answer.
   *
   * @param time when the engine asked ({@link RepairRequest#requestedAt()})
   * @param nodeName the node
   * @param action the action asked for
   * @param reason the engine's reason
   * @param attempt the engine's attempt number
   * @param result what the cloud answered
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Repair(
      Instant time,
      String nodeName,
      RepairAction action,
      String reason,
      int attempt,
      RepairResult result) {}

  private record Pending(Instant at, RepairTarget target) {}

  private record Answer(RepairResult.Status status, String reason) {
    RepairResult toResult(String nodeName) {
      return switch (status) {
        case DONE -> RepairResult.done(nodeName, reason);
        case FAILED -> RepairResult.failed(nodeName, reason);
        case NOT_SUPPORTED -> RepairResult.notSupported(nodeName, reason);
        case RETRY_LATER -> RepairResult.retryLater(nodeName, reason);
        default -> RepairResult.started(nodeName, reason);
      };
    }
  }
}
