package io.healer.simulation;

import io.healer.api.NodeRole;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.ClusterHealth;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.RepairTarget;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A cloud that behaves like Magnum as the provider sees it: an accepted repair takes the machine
 * down at once and brings it back a few minutes later (sometimes many: slow boots; see {@link
 * World}), and for a while the API may time out,
 * answer 5xx, answer 409 Conflict, reject an expired token, report the cluster busy, or report
 * healing switched off. Errors come back as the provider contract says (failed, retry-later,
 * unknown status); a timeout is thrown, as a provider's HTTP client would, and may or may not have
 * reached the cloud.
 *
 * <p>Every call is reported to the {@link Referee} before it has any effect, so the invariants
 * rest on the cloud's log, not on the engine's events.
 */
final class MagnumLikeCloud {

  private final Scenario scenario;
  private final World world;
  private final Referee referee;
  private final Clock clock;
  private final Random random;
  private Disturbance.CloudTrouble trouble;
  private Instant troubleUntil;
  private boolean tokenStale;

  int statusCalls;
  int repairCalls;
  int repairTargets;
  int healthReports;
  int powerReads;
  int powerOffs;
  int serverReads;

  MagnumLikeCloud(Scenario scenario, World world, Referee referee, Clock clock, Random random) {
    this.scenario = scenario;
    this.world = world;
    this.referee = referee;
    this.clock = clock;
    this.random = random;
  }

  /** The API misbehaves as {@code kind} until {@code until}. */
  void trouble(Disturbance.CloudTrouble kind, Instant until) {
    trouble = kind;
    troubleUntil = until;
    tokenStale = kind == Disturbance.CloudTrouble.TOKEN_EXPIRY;
  }

  /** The trouble in force now, or null. */
  Disturbance.CloudTrouble trouble(Instant now) {
    return trouble != null && now.isBefore(troubleUntil) ? trouble : null;
  }

  /** The provider as one instance sees it (its calls are told apart, and it may crash in them). */
  CloudProvider client(Instance instance) {
    return new CloudProvider() {
      @Override
      public List<RepairResult> repair(RepairRequest request) {
        return MagnumLikeCloud.this.repair(instance, request);
      }

      @Override
      public ClusterStatus clusterStatus() {
        return status();
      }

      @Override
      public Set<RepairAction> supportedActions(NodeRole role) {
        return EnumSet.allOf(RepairAction.class);
      }

      @Override
      public void reportClusterHealth(ClusterHealth health) {
        healthReports++;
      }

      @Override
      public io.healer.api.cloud.PowerState powerState(io.healer.api.NodeInfo node) {
        return MagnumLikeCloud.this.powerState(instance, node);
      }

      @Override
      public RepairResult powerOff(io.healer.api.NodeInfo node) {
        return MagnumLikeCloud.this.powerOff(node);
      }

      @Override
      public io.healer.api.cloud.ServerState serverState(io.healer.api.NodeInfo node) {
        return MagnumLikeCloud.this.serverState(node);
      }
    };
  }

  /** Nova's GET /servers/{id}: unknown while Nova errs or times out, else the server's state by ground truth. */
  private io.healer.api.cloud.PowerState powerState(Instance caller, io.healer.api.NodeInfo node) {
    powerReads++;
    referee.powerRead(caller, node.name(), clock.instant());
    Disturbance.CloudTrouble now = trouble(clock.instant());
    if (now == Disturbance.CloudTrouble.SERVER_ERROR || now == Disturbance.CloudTrouble.TIMEOUT) {
      return io.healer.api.cloud.PowerState.unknown("could not read the server from Nova: " + now);
    }
    return scenario.brokenPowerState ? io.healer.api.cloud.PowerState.off("SHUTOFF")
        : world.power(node.name(), clock.instant());
  }

  /**
   * Nova's GET /servers/{id} at microversion 2.16 for the second opinion: unknown while Nova errs or
   * times out, else the server's state, host and (where the scenario shows it) host state by ground
   * truth. Not a power read: fencing's allowance counts only those.
   */
  private io.healer.api.cloud.ServerState serverState(io.healer.api.NodeInfo node) {
    serverReads++;
    Disturbance.CloudTrouble now = trouble(clock.instant());
    if (now == Disturbance.CloudTrouble.SERVER_ERROR || now == Disturbance.CloudTrouble.TIMEOUT) {
      return io.healer.api.cloud.ServerState.unknown("could not read the server from Nova: " + now);
    }
    io.healer.api.cloud.ServerState state = world.serverState(node.name(), clock.instant());
    return scenario.hostStatusDropped && state.status() != io.healer.api.cloud.ServerState.Status.UNKNOWN
        ? io.healer.api.cloud.ServerState.reported(state.detail(), state.hostId().orElse(null), null, null) : state;
  }

  /** Nova's os-stop: the server is SHUTOFF 10 to 70 seconds later; refused while Nova errs. */
  private RepairResult powerOff(io.healer.api.NodeInfo node) {
    Instant now = clock.instant();
    Disturbance.CloudTrouble trouble = trouble(now);
    if (trouble == Disturbance.CloudTrouble.SERVER_ERROR || trouble == Disturbance.CloudTrouble.TIMEOUT) {
      return RepairResult.failed(node.name(), "Nova answered 503 to os-stop");
    }
    powerOffs++;
    // The delay is drawn from the node's name, not the run's random: the runtime draws stay as they were.
    world.powerOff(node.name(), now, Duration.ofSeconds(10 + Math.floorMod(node.name().hashCode() + now.getEpochSecond(), 61)));
    return RepairResult.started(node.name(), "Nova accepted os-stop");
  }

  private ClusterStatus status() {
    statusCalls++;
    Disturbance.CloudTrouble now = trouble(clock.instant());
    if (now == null) {
      return ClusterStatus.ready();
    }
    return switch (now) {
      case DISABLED -> ClusterStatus.healingDisabled("the cluster's auto_healing_enabled label is false");
      case BUSY -> ClusterStatus.busy("the cluster is UPDATE_IN_PROGRESS");
      case SERVER_ERROR -> ClusterStatus.unknown("Magnum answered 503 Service Unavailable");
      case TIMEOUT -> throw new UncheckedIOException("GET /v1/clusters/sim timed out",
          new SocketTimeoutException("Read timed out"));
      case TOKEN_EXPIRY -> {
        if (tokenStale) {
          tokenStale = false;
          yield ClusterStatus.unknown("Keystone answered 401: the token expired");
        }
        yield ClusterStatus.ready();
      }
      case CONFLICT -> ClusterStatus.ready();
    };
  }

  private List<RepairResult> repair(Instance caller, RepairRequest request) {
    Instant now = clock.instant();
    repairCalls++;
    repairTargets += request.targets().size();
    referee.requested(caller, request, now);
    Disturbance.CloudTrouble mode = trouble(now);
    if (mode == Disturbance.CloudTrouble.TOKEN_EXPIRY && !tokenStale) {
      mode = null;
    }
    List<RepairResult> results = new ArrayList<>();
    if (mode == Disturbance.CloudTrouble.TIMEOUT) {
      boolean reached = random.nextBoolean();
      for (RepairTarget t : request.targets()) {
        if (reached) {
          carry(t, now);
        } else {
          referee.lost(t, now);
        }
      }
      crashIfArmed(caller, request, reached);
      throw new UncheckedIOException("POST /v1/clusters/sim/actions/resize timed out",
          new SocketTimeoutException("Read timed out"));
    }
    for (RepairTarget t : request.targets()) {
      String name = t.node().name();
      if (mode == null) {
        carry(t, now);
        results.add(RepairResult.started(name, t.action() + " accepted by Magnum"));
        continue;
      }
      switch (mode) {
        case CONFLICT -> {
          referee.busy(t, now);
          results.add(RepairResult.retryLater(name, "Magnum answered 409 Conflict: the stack is being updated"));
        }
        case TOKEN_EXPIRY -> {
          referee.failed(t, now);
          results.add(RepairResult.failed(name, "Keystone answered 401: the token expired"));
        }
        case SERVER_ERROR -> {
          referee.failed(t, now);
          results.add(RepairResult.failed(name, "Magnum answered 500 Internal Server Error"));
        }
        default -> {
          // Busy or disabled: Magnum refuses (the referee has already flagged the request).
          referee.failed(t, now);
          results.add(RepairResult.failed(name, "Magnum refused: " + mode));
        }
      }
    }
    if (mode == Disturbance.CloudTrouble.TOKEN_EXPIRY) {
      tokenStale = false;
    }
    crashIfArmed(caller, request, mode == null);
    return results;
  }

  private void carry(RepairTarget t, Instant now) {
    Duration takes = random.nextDouble() < scenario.slowBootShare
        ? Duration.ofSeconds(360 + random.nextInt(540))
        : Duration.ofSeconds(60 + random.nextInt(120));
    referee.carried(t, now);
    world.carriedOut(t.node(), t.action(), now, now.plus(takes));
  }

  /**
   * Dies before the engine records the answers: whatever the cloud did not carry out, the engine
   * will still find REQUESTED in the ledger and hold as under way.
   */
  private void crashIfArmed(Instance caller, RepairRequest request, boolean carried) {
    if (caller.armed == Disturbance.CrashPoint.AFTER_SEND) {
      if (!carried) {
        request.targets().forEach(t -> referee.recordedNotSent(t.node().name(), t.action(), clock.instant()));
      }
      throw new HealerCrashed("after the cloud received a repair");
    }
  }
}
