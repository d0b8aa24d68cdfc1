package io.healer.core.engine;

import io.healer.api.API;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the engine remembers about one node's current failure: since when each check has judged
 * it unhealthy, the last repair step, failures, backoff and whether it was given up. Stored in a
 * {@link RepairLedger} so that a restart or a new leader resumes instead of repeating.
 *
 * <p>Immutable; the {@code with*} methods return changed copies.
 *
 * @param uid the node object's UID when the record was started; a node re-created under the same
 *     name (a replaced machine) starts afresh
 * @param unhealthySince per check, since when it has judged the node unhealthy; keyed by the check's
 *     display form ({@link io.healer.api.check.CheckId#display()}: its name, its type, or its type
 *     and position such as {@code Endpoint#2}). Records of versions before check identities are
 *     keyed by type; the engine reads such a key as the check of that type (the last one, when the
 *     role has several)
 * @param candidateAnnounced whether the node was already reported as a repair candidate
 * @param healthySince since when the node has been healthy again, if it is recovering
 * @param lastStep the last repair step, if any
 * @param failures failed repairs of this failure so far
 * @param notBefore no new repair before this instant (backoff), if set
 * @param givenUp whether the retry budget is used up and the node is left for a person
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record NodeRecord(
    String uid,
    Map<String, Instant> unhealthySince,
    boolean candidateAnnounced,
    Instant healthySince,
    RepairStep lastStep,
    int failures,
    Instant notBefore,
    boolean givenUp) {

  /**
   * Copies the map into a sorted unmodifiable one (stable order for storage).
   *
   * @param uid the UID, or {@code null} if unknown
   * @param unhealthySince the failing checks' start times, not {@code null}; copied
   * @param candidateAnnounced whether the candidate was reported
   * @param healthySince since when the node has been healthy again, or {@code null}
   * @param lastStep the last repair step, or {@code null} for none
   * @param failures the number of failed repairs, 0 or more
   * @param notBefore the end of the backoff, or {@code null} for none
   * @param givenUp whether the node was given up
   */
  public NodeRecord {
    unhealthySince = java.util.Collections.unmodifiableMap(new TreeMap<>(unhealthySince));
  }

  /**
   * A fresh record for a node with the given UID (may be {@code null}).
   *
   * @param uid the node object's UID, or {@code null} if unknown
   * @return a record with no failing check, no step, no failure and no backoff
   */
  public static NodeRecord start(String uid) {
    return new NodeRecord(uid, Map.of(), false, null, null, 0, null, false);
  }

  /**
   * The last repair step, if any.
   *
   * @return the step, or empty if none was taken yet
   */
  public Optional<RepairStep> step() {
    return Optional.ofNullable(lastStep);
  }

  /**
   * Whether a repair is under way and the node is still within its time to recover.
   *
   * @param now the cycle's time
   * @return {@code true} if the last step is {@linkplain RepairStep#underway() under way} and its
   *     {@code waitUntil} is after {@code now}
   */
  public boolean inFlight(Instant now) {
    return lastStep != null && lastStep.underway() && now.isBefore(lastStep.waitUntil());
  }

  /**
   * The earliest unhealthy-since of any check, if any check is failing.
   *
   * @return the earliest start, or empty if no check is failing
   */
  public Optional<Instant> earliestUnhealthySince() {
    return unhealthySince.values().stream().min(Instant::compareTo);
  }

  /**
   * A copy with other failing checks.
   *
   * @param since per check's display form, since when it has judged the node unhealthy; not
   *     {@code null}, copied
   * @return the copy, every other component kept
   */
  public NodeRecord withUnhealthySince(Map<String, Instant> since) {
    return new NodeRecord(uid, since, candidateAnnounced, healthySince, lastStep, failures, notBefore, givenUp);
  }

  /**
   * A copy that says whether the node was reported as a repair candidate.
   *
   * @param announced whether the candidate was reported
   * @return the copy, every other component kept
   */
  public NodeRecord withCandidateAnnounced(boolean announced) {
    return new NodeRecord(uid, unhealthySince, announced, healthySince, lastStep, failures, notBefore, givenUp);
  }

  /**
   * A copy with another start of the node's recovery.
   *
   * @param since since when the node has been healthy again, or {@code null} while it is not
   * @return the copy, every other component kept
   */
  public NodeRecord withHealthySince(Instant since) {
    return new NodeRecord(uid, unhealthySince, candidateAnnounced, since, lastStep, failures, notBefore, givenUp);
  }

  /**
   * A copy with another last repair step.
   *
   * @param step the step, or {@code null} for none
   * @return the copy, every other component kept
   */
  public NodeRecord withStep(RepairStep step) {
    return new NodeRecord(uid, unhealthySince, candidateAnnounced, healthySince, step, failures, notBefore, givenUp);
  }

  /**
   * A copy after a failed repair: the failure count, the backoff and whether the node is given up.
   *
   * @param newFailures the number of failed repairs so far
   * @param newNotBefore the end of the backoff, or {@code null} for none
   * @param newGivenUp whether the retry budget is used up
   * @return the copy, every other component kept
   */
  public NodeRecord withFailure(int newFailures, Instant newNotBefore, boolean newGivenUp) {
    return new NodeRecord(uid, unhealthySince, candidateAnnounced, healthySince, lastStep, newFailures, newNotBefore, newGivenUp);
  }

  /**
   * A copy with another end of the backoff.
   *
   * @param newNotBefore no new repair before this instant, or {@code null} for none
   * @return the copy, every other component kept
   */
  public NodeRecord withNotBefore(Instant newNotBefore) {
    return new NodeRecord(uid, unhealthySince, candidateAnnounced, healthySince, lastStep, failures, newNotBefore, givenUp);
  }
}
