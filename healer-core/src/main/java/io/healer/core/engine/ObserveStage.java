package io.healer.core.engine;

import io.healer.api.NodeInfo;
import io.healer.api.embedding.NodeSource;
import io.healer.api.embedding.NodeSourceUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first stage: the cycle's time, whether this instance leads, and the nodes, read once. It
 * remembers the node source's outages: while one lasts nothing is repaired, and once it is over
 * unhealthy timers restart from its end (the {@linkplain #timerFloor() timer floor}).
 */
final class ObserveStage {

  private static final Logger log = LoggerFactory.getLogger(HealingEngine.class);

  /** One read of the node source. */
  record Observation(List<NodeInfo> nodes, String unavailable) {

    /** Whether the nodes could be read. */
    boolean read() {
      return unavailable == null;
    }
  }

  private final Clock clock;
  private final BooleanSupplier leadership;
  private final NodeSource nodeSource;
  private Instant outageSince;
  private Instant timerFloor;

  ObserveStage(Clock clock, BooleanSupplier leadership, NodeSource nodeSource) {
    this.clock = clock;
    this.leadership = leadership;
    this.nodeSource = nodeSource;
  }

  /** The engine's clock now. */
  Instant now() {
    return clock.instant();
  }

  /** Whether this instance leads now. */
  boolean leader() {
    return leadership.getAsBoolean();
  }

  /**
   * Reads the nodes.
   *
   * @param now the cycle's start
   * @return the nodes, or why they could not be read
   */
  Observation nodes(Instant now) {
    List<NodeInfo> nodes;
    try {
      nodes = nodeSource.nodes();
    } catch (NodeSourceUnavailableException e) {
      if (outageSince == null) {
        outageSince = now;
        log.warn("the node source is unavailable; nothing is repaired until it is back: {}", e.getMessage());
      }
      return new Observation(List.of(), "the node source is unavailable: " + e.getMessage());
    }
    if (outageSince != null) {
      log.info("the node source is back after an outage since {}; unhealthy timers restart", outageSince);
      outageSince = null;
      timerFloor = now;
    }
    return new Observation(nodes, null);
  }

  /** Whether the last read failed. */
  boolean inOutage() {
    return outageSince != null;
  }

  /** No failure counts from before this instant (the end of the last outage), or {@code null}. */
  Instant timerFloor() {
    return timerFloor;
  }
}
