package io.healer.core.engine;

import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairResult;
import io.healer.core.config.HealerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The escalation ladder: which action a candidate gets next, given its record.
 *
 * <p>The first repair of a failure is the gentlest action the provider supports (reboot). When the
 * node is still unhealthy once that action's time to recover is over (rebuild-delay-after-reboot
 * for a reboot, repair-timeout for the others), the next action follows (rebuild, then replace).
 * A failed repair, or a last action that did not help, costs one retry with a doubling backoff;
 * when the retries are used up the node is given up and left for a person.
 */
final class RepairPlanner {

  /** What to do with a candidate now. */
  record Decision(
      NodeRecord record, RepairAction action, int attempt, String holdReason, boolean gaveUp, boolean waiting) {

    static Decision repair(NodeRecord record, RepairAction action, int attempt) {
      return new Decision(record, action, attempt, null, false, false);
    }

    static Decision hold(NodeRecord record, String reason) {
      return new Decision(record, null, 0, reason, false, false);
    }

    /** Nothing to decide: the last step is still taking effect, as planned. */
    static Decision waiting(NodeRecord record, String reason) {
      return new Decision(record, null, 0, reason, false, true);
    }

    static Decision givenUp(NodeRecord record, String reason) {
      return new Decision(record, null, 0, reason, true, false);
    }

    Optional<RepairAction> repairAction() {
      return Optional.ofNullable(action);
    }
  }

  private final HealerConfig config;

  RepairPlanner(HealerConfig config) {
    this.config = config;
  }

  /**
   * @param record the candidate's record
   * @param ladder the actions the provider supports for the node's role, gentlest first
   * @param now the cycle's time
   */
  Decision plan(NodeRecord record, List<RepairAction> ladder, Instant now) {
    if (record.givenUp()) {
      return Decision.hold(record, givenUpReason(record));
    }
    if (ladder.isEmpty()) {
      return Decision.hold(record, "the cloud provider supports no repair action for this role");
    }
    RepairStep step = record.lastStep();
    if (step == null) {
      return Decision.repair(record, ladder.get(0), 1);
    }
    if (record.notBefore() != null && now.isBefore(record.notBefore())) {
      return Decision.hold(record, "backing off after " + describe(step) + " until " + record.notBefore());
    }
    switch (step.state()) {
      case REQUESTED, STARTED, SIMULATED -> {
        if (now.isBefore(step.waitUntil())) {
          return Decision.waiting(record, "waiting until " + step.waitUntil() + " for the "
              + step.action().name().toLowerCase(java.util.Locale.ROOT) + " to take effect");
        }
        Optional<RepairAction> next = after(step.action(), ladder);
        if (next.isPresent()) {
          return Decision.repair(record, next.get(), step.attempt() + 1);
        }
        // The last action did not help: a failure as of the end of its wait, not of this cycle,
        // which may come long after (a storm, a pause or a leader gap held the cycles between).
        Instant failedAt = step.waitUntil();
        NodeRecord failed = failure(record.withStep(step.withState(RepairStep.State.FAILED, failedAt)), failedAt);
        if (failed.givenUp()) {
          return Decision.givenUp(failed, givenUpReason(failed));
        }
        if (!now.isBefore(failed.notBefore())) {
          return Decision.repair(failed, step.action(), step.attempt() + 1);
        }
        return Decision.hold(failed, "still unhealthy after " + describe(step) + "; retrying after "
            + failed.notBefore());
      }
      case FAILED, RETRY_LATER -> {
        int attempt = step.state() == RepairStep.State.FAILED ? step.attempt() + 1 : step.attempt();
        return Decision.repair(record, step.action(), attempt);
      }
      case NOT_SUPPORTED -> {
        Optional<RepairAction> next = after(step.action(), ladder);
        if (next.isPresent()) {
          return Decision.repair(record, next.get(), step.attempt() + 1);
        }
        NodeRecord given = record.withFailure(record.failures(), null, true);
        return Decision.givenUp(given, "no repair action left that the provider supports");
      }
      default -> throw new IllegalStateException("unknown step state " + step.state());
    }
  }

  /**
   * The record after the cloud answered one target.
   *
   * @param record the record with the REQUESTED step
   * @param result the cloud's answer, or {@code null} when it gave none for this node
   * @param now the cycle's time
   */
  NodeRecord apply(NodeRecord record, RepairResult result, Instant now) {
    RepairStep step = record.lastStep();
    if (result == null) {
      return failure(record.withStep(step.withState(RepairStep.State.FAILED, now)), now);
    }
    return switch (result.status()) {
      case STARTED, DONE -> record.withStep(step.withState(RepairStep.State.STARTED, now.plus(recoveryTime(step.action()))))
          .withNotBefore(null);
      case NOT_SUPPORTED -> record.withStep(step.withState(RepairStep.State.NOT_SUPPORTED, now)).withNotBefore(null);
      case RETRY_LATER -> record.withStep(step.withState(RepairStep.State.RETRY_LATER, now))
          .withNotBefore(now.plus(config.monitorInterval()));
      default -> failure(record.withStep(step.withState(RepairStep.State.FAILED, now)), now);
    };
  }

  /** How long a node has to recover after an action before the next step. */
  Duration recoveryTime(RepairAction action) {
    return action == RepairAction.REBOOT ? config.rebuildDelayAfterReboot() : config.repairTimeout();
  }

  private NodeRecord failure(NodeRecord record, Instant now) {
    int failures = record.failures() + 1;
    if (failures > config.repairRetries()) {
      return record.withFailure(failures, null, true);
    }
    Duration backoff = config.repairBackoff().multipliedBy(1L << Math.min(failures - 1, 16));
    return record.withFailure(failures, now.plus(backoff), false);
  }

  private static Optional<RepairAction> after(RepairAction action, List<RepairAction> ladder) {
    return ladder.stream().filter(a -> a.compareTo(action) > 0).findFirst();
  }

  private static String describe(RepairStep step) {
    return step.action().name().toLowerCase(java.util.Locale.ROOT) + " (attempt " + step.attempt() + ")";
  }

  private String givenUpReason(NodeRecord record) {
    return "given up after " + record.failures() + " failed repairs (repair-retries: "
        + config.repairRetries() + "); the node needs a person";
  }
}
