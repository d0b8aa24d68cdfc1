package com.example.platform;

import io.healer.api.embedding.CycleSummary;
import io.healer.api.NodeAddress;
import io.healer.api.NodeCondition;
import io.healer.api.NodeInfo;
import io.healer.api.embedding.NodeSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code mvn -q -pl examples/embedding -am compile exec:java} (at the root): one healing cycle over a node snapshot
 * (in the real tool, the platform's inventory export), printing the audit and the tickets filed.
 */
public final class PlatformTool {

  private PlatformTool() {}

  public static void main(String[] args) {
    Clock clock = Clock.systemUTC();
    Instant now = clock.instant();
    NodeSource snapshot = () -> List.of(
        node("worker-1", "True", now.minus(Duration.ofDays(3)), now),
        node("worker-2", "Unknown", now.minus(Duration.ofMinutes(20)), now),
        node("worker-3", "True", now.minus(Duration.ofDays(3)), now));
    ChangeTicketCloud tickets = new ChangeTicketCloud();

    CycleSummary summary = OnDemandHealing.runOnce("platform-demo", snapshot, tickets,
        event -> System.out.println("audit: " + event), clock);

    System.out.printf("cycle: %d nodes, %d unhealthy workers, %d repairs requested, took %d ms%n", summary.nodes(),
        summary.unhealthyWorkers(), summary.repairsRequested(), summary.took().toMillis());
    tickets.tickets().forEach(t -> System.out.println("ticket: " + t));
  }

  private static NodeInfo node(String name, String ready, Instant readySince, Instant now) {
    return NodeInfo.builder(name)
        .address(NodeAddress.INTERNAL_IP, "10.0.0." + (name.charAt(name.length() - 1) - '0' + 10))
        .condition(NodeCondition.of(NodeCondition.READY, ready, readySince))
        .creationTime(now.minus(Duration.ofDays(30)))
        .build();
  }
}
