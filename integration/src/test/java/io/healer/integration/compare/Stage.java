package io.healer.integration.compare;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a scenario may do while its fault lasts, within one run of one healer: act on the world,
 * kill a replica, wait for what the cloud receives. Every wait has a deadline; what a healer does
 * or fails to do in that time is the figure, not a failure.
 */
interface Stage {

  /** The run's cluster and cloud. */
  ComparisonWorld world();

  /** The healer's replicas. */
  Replicas replicas();

  /** When the fault was injected. */
  Instant fault();

  /** Lets the healer run for {@code span} (a measuring window, not a wait for a condition). */
  void observe(Duration span);

  /**
   * Waits until the cloud has received a repair request from the healer, after the fault, that
   * {@code wanted} accepts; gives up quietly at the deadline.
   *
   * @return whether one came
   */
  boolean awaitRepair(String what, Duration timeout, Predicate<CloudRepair> wanted);

  /** The repair requests the cloud received from the healer since the fault, oldest first. */
  List<CloudRepair> repairs();
}
