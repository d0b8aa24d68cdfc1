package io.healer.core.engine;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.PowerState;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fencing as Kubernetes' non-graceful node shutdown expects: before a worker whose pods could not
 * be drained is rebuilt or replaced, its server must be off — the cloud says so, or healer powers
 * it off and reads its state again in later cycles — and only then is the node tainted {@value
 * #TAINT}, so that its stateful pods are deleted and their volumes detach. A node the cloud reports
 * running, or whose state could not be read, is never tainted. Waiting has a deadline ({@code
 * fence-timeout}, counted from the first cycle that asked): after it the repair goes on without the
 * taint, as it did before fencing existed, and the event says why.
 *
 * <p>What a node's fencing has done lives in memory: a restarted healer asks the cloud again (the
 * power-off it sent may be sent once more, which Nova takes as a no-op or a 409) and its deadline
 * starts over. Engine thread only.
 */
final class Fencing {

  /** The taint, as {@code kubectl taint} writes it. */
  static final String TAINT = "node.kubernetes.io/out-of-service=nodeshutdown:NoExecute";

  private static final Logger log = LoggerFactory.getLogger(HealingEngine.class);

  private final CloudProvider provider;
  private final GuardedHooks hooks;
  private final boolean enabled;
  private final Duration timeout;
  private final Map<String, Progress> progress = new HashMap<>();

  /** One node's fencing: since when, asked last when, whether the power-off was accepted, and the last state read. */
  private record Progress(Instant since, Instant lastAsked, boolean powerOffSent, PowerState.Status lastSeen) {}

  /** What the repair does next: wait for a later cycle, or go on (fenced or not) with a note. */
  record Decision(boolean goOn, String note) {
    static Decision waitFor(String why) {
      return new Decision(false, why);
    }

    static Decision go(String note) {
      return new Decision(true, note);
    }
  }

  Fencing(CloudProvider provider, GuardedHooks hooks, boolean enabled, Duration timeout) {
    this.provider = provider;
    this.hooks = hooks;
    this.enabled = enabled;
    this.timeout = timeout;
  }

  /** Whether this repair needs fencing: a worker, rebuilt or replaced, with pods the drain left. */
  boolean applies(NodeInfo node, RepairAction action, RepairHooks.Readiness drain) {
    return enabled && node.role() == NodeRole.WORKER && action != RepairAction.REBOOT && !drain.drained();
  }

  /**
   * One cycle of a node's fencing.
   *
   * @return go on (the note says whether the node was tainted, and if not why), or wait
   */
  Decision fence(NodeInfo node, Instant now) {
    String name = node.name();
    Progress p = progress.get(name);
    if (p == null || Duration.between(p.lastAsked(), now).compareTo(timeout) > 0) {
      // A fencing nobody asked about for a whole timeout was given up (the node recovered): anew.
      p = new Progress(now, now, false, null);
    }
    PowerState state = powerState(node);
    PowerState.Status before = p.lastSeen();
    p = new Progress(p.since(), now, p.powerOffSent(), state.status());
    progress.put(name, p);
    Instant deadline = p.since().plus(timeout);
    boolean late = !now.isBefore(deadline);
    switch (state.status()) {
      case OFF -> {
        RepairHooks.Readiness tainted = hooks.fence(node, now);
        if (tainted.isReady()) {
          progress.remove(name);
          log.info("fenced {}: the cloud reports its server {}; tainted {}", name, state.detail(), TAINT);
          return Decision.go("fenced: the cloud reports the server " + state.detail() + ", tainted " + TAINT);
        }
        return lateOrWait(name, late, deadline, "the server is " + state.detail()
            + " but the taint could not be added: " + tainted.reason());
      }
      case RUNNING -> {
        if (before == PowerState.Status.OTHER && !late) {
          // Just out of a reboot or rebuild under way: its kubelet gets a cycle to report before a power-off.
          return Decision.waitFor("the server just became " + state.detail() + " after a cloud-side operation;"
              + " giving its kubelet a cycle before powering it off (not tainted), until " + deadline);
        }
        if (!p.powerOffSent() && !late) {
          RepairResult r = powerOff(node);
          if (r.isSuccess()) {
            progress.put(name, new Progress(p.since(), now, true, state.status()));
            log.info("asked the cloud to power off {} (it reports {}) before marking it out of service", name,
                state.detail());
            return Decision.waitFor("the cloud reports the server " + state.detail()
                + "; asked it to power the server off, waiting for it to be off until " + deadline + " (not tainted)");
          }
          if (r.status() == RepairResult.Status.NOT_SUPPORTED) {
            return unfenced(name, "the cloud reports the server " + state.detail()
                + " and cannot power it off (" + r.reason() + ")");
          }
          return Decision.waitFor("the cloud reports the server " + state.detail() + " and powering it off failed ("
              + r.reason() + "); asking again next cycle until " + deadline + " (not tainted)");
        }
        return lateOrWait(name, late, deadline, "the cloud still reports the server " + state.detail());
      }
      case OTHER -> {
        return lateOrWait(name, late, deadline, "the cloud reports the server " + state.detail() + ", not off");
      }
      default -> {
        return lateOrWait(name, late, deadline, "its power state could not be read (" + state.detail() + ")");
      }
    }
  }

  private Decision lateOrWait(String name, boolean late, Instant deadline, String why) {
    if (late) {
      return unfenced(name, why + " at the end of fence-timeout (" + deadline + ")");
    }
    log.info("not marking {} out of service yet: {}", name, why);
    return Decision.waitFor(why + "; not tainted, asking again next cycle until " + deadline);
  }

  private Decision unfenced(String name, String why) {
    progress.remove(name);
    log.warn("repairing {} without marking it out of service: {}", name, why);
    return Decision.go("not fenced: " + why + "; the repair goes on without the out-of-service taint");
  }

  private PowerState powerState(NodeInfo node) {
    try {
      PowerState s = provider.powerState(node);
      return s == null ? PowerState.unknown("the provider gave no power state") : s;
    } catch (RuntimeException e) {
      log.warn("the cloud provider failed while reading the power state of {}", node.name(), e);
      return PowerState.unknown("the provider failed: " + e.getClass().getSimpleName());
    }
  }

  private RepairResult powerOff(NodeInfo node) {
    try {
      RepairResult r = provider.powerOff(node);
      return r == null ? RepairResult.failed(node.name(), "the provider gave no answer") : r;
    } catch (RuntimeException e) {
      log.warn("the cloud provider failed while powering off {}", node.name(), e);
      return RepairResult.failed(node.name(), "the provider failed: " + e.getClass().getSimpleName());
    }
  }
}
