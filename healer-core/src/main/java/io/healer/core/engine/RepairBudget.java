package io.healer.core.engine;

import io.healer.core.config.HealerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The hard ceiling of {@code max-repairs-per-hour}: repairs started in any sliding hour, by the
 * engine's clock. A repair counts from when the engine asks the cloud (its step is recorded), also
 * when the cloud fails it; one the cloud turned away untouched (busy, or not supported) gives its
 * place back.
 *
 * <p>A new leader or a restarted process takes in the starts the ledger still holds: each node's
 * last step, recorded before the cloud was called. What it cannot know: earlier steps of a node's
 * escalation (only the last is recorded), and repairs of nodes whose records are gone (healthy for
 * healthy-duration, deleted, or re-created) — a restart may allow up to that many more in the hour.
 */
final class RepairBudget {

  static final Duration WINDOW = Duration.ofHours(1);

  /** One repair start; the node's name keeps two starts in one instant apart. */
  private record Start(Instant at, String node) implements Comparable<Start> {
    @Override
    public int compareTo(Start o) {
      int c = at.compareTo(o.at);
      return c != 0 ? c : node.compareTo(o.node);
    }
  }

  private final int max;
  private final TreeSet<Start> starts = new TreeSet<>();

  RepairBudget(HealerConfig config) {
    this.max = config.maxRepairsPerHour();
  }

  /** Whether a ceiling is set at all. */
  boolean limited() {
    return max != HealerConfig.NO_REPAIR_CEILING;
  }

  /** Takes in the starts of the steps the ledger holds (see the class comment). */
  void restore(Map<String, NodeRecord> records) {
    records.forEach((name, record) -> {
      RepairStep step = record.lastStep();
      if (step != null && (step.underway() || step.state() == RepairStep.State.FAILED)) {
        starts.add(new Start(step.at(), name));
      }
    });
  }

  /** A repair of {@code node} was asked at {@code at}. */
  void started(String node, Instant at) {
    starts.add(new Start(at, node));
  }

  /** The repair of {@code node} asked at {@code at} did nothing (the cloud was busy or cannot). */
  void returned(String node, Instant at) {
    starts.remove(new Start(at, node));
  }

  /** How many more repairs may start now; {@link Integer#MAX_VALUE} without a ceiling. */
  int left(Instant now) {
    if (!limited()) {
      return Integer.MAX_VALUE;
    }
    forgetBefore(now);
    return Math.max(0, max - starts.size());
  }

  /**
   * Why a repair is held when none is left.
   *
   * @param pending repairs admitted in this cycle and not started yet
   */
  String reason(Instant now, int pending) {
    forgetBefore(now);
    Optional<Instant> free = pending == 0 ? nextFree(now) : Optional.empty();
    return (starts.size() + pending) + " repairs started in the last hour (max-repairs-per-hour: " + max
        + ")" + free.map(t -> "; the next may start at " + t).orElse("");
  }

  /** When the ceiling next lets a repair go, if it is reached now. */
  Optional<Instant> nextFree(Instant now) {
    if (left(now) > 0) {
      return Optional.empty();
    }
    // The start whose leaving the window brings the count below the ceiling.
    return starts.stream().skip(starts.size() - max).findFirst().map(s -> s.at().plus(WINDOW));
  }

  private void forgetBefore(Instant now) {
    Instant from = now.minus(WINDOW);
    while (!starts.isEmpty() && !starts.first().at().isAfter(from)) {
      starts.pollFirst();
    }
  }
}
