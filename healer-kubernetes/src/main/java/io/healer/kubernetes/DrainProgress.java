package io.healer.kubernetes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one pass of a drain stands: the node's pods that are still there, by why. A pod whose
 * eviction the API server accepted is not gone: it is Terminating until its kubelet has stopped it
 * (forever on a node whose kubelet is dead). A pod whose eviction was refused is held: by its
 * PodDisruptionBudget (429), or for the reason the server's Status gives (a pod under two budgets
 * gets a 500 saying so). Not thread-safe: one per pass.
 */
final class DrainProgress {

  private static final int SHOWN = 3;

  private final List<String> terminating = new ArrayList<>();
  private final List<String> heldByBudget = new ArrayList<>();
  private final List<String> refused = new ArrayList<>();
  private int stillStopping;

  /**
   * The pod is being deleted: its eviction was accepted now or earlier.
   *
   * @param overdue whether its grace period is over (its {@code deletionTimestamp} has passed), so
   *     its containers had their time to stop
   */
  void terminating(String pod, boolean overdue) {
    terminating.add(pod);
    if (!overdue) {
      stillStopping++;
    }
  }

  /** Its eviction was answered 429: the budget allows no disruption now. */
  void heldByBudget(String pod, String why) {
    heldByBudget.add(pod + (why.isEmpty() ? "" : ": " + why));
  }

  /** Its eviction was refused otherwise, or could not be asked; {@code why} in the server's words. */
  void refused(String pod, String why) {
    refused.add(pod + ": " + why);
  }

  /** How many pods are still on the node. */
  int left() {
    return terminating.size() + heldByBudget.size() + refused.size();
  }

  /** Whether some pod stays because its eviction was not accepted (not merely Terminating). */
  boolean held() {
    return !heldByBudget.isEmpty() || !refused.isEmpty();
  }

  /**
   * Whether a Ready node may go on once the drain timed out: every pod left is Terminating past its
   * grace period. A pod still within it is given its time; a held pod is waited for.
   */
  boolean onlyOverdue() {
    return !held() && stillStopping == 0;
  }

  /**
   * Why the repair waits, naming up to three pods of each kind.
   *
   * @param nodeReady whether the node is Ready: then pods held are waited for past the timeout
   * @param timeout the drain timeout
   */
  String reason(boolean nodeReady, Duration timeout) {
    List<String> parts = new ArrayList<>();
    part(parts, terminating, "terminating");
    part(parts, heldByBudget, "held by a PodDisruptionBudget");
    part(parts, refused, "refused eviction");
    String then;
    if (!nodeReady) {
      then = "; the node is not Ready: going on after " + timeout;
    } else if (!heldByBudget.isEmpty()) {
      then = "; the node is Ready, so healer waits for the budget";
    } else if (held()) {
      then = "; the node is Ready, so healer waits until they can be evicted";
    } else {
      then = "; the node is Ready, so healer waits for them to stop (at least " + timeout
          + " and their grace periods)";
    }
    return "draining: " + left() + " pod(s) left: " + String.join(", ", parts) + then;
  }

  private static void part(List<String> parts, List<String> pods, String what) {
    if (!pods.isEmpty()) {
      parts.add(pods.size() + " " + what + " (" + String.join("; ", pods.subList(0, Math.min(SHOWN, pods.size())))
          + (pods.size() > SHOWN ? "; ..." : "") + ")");
    }
  }
}
