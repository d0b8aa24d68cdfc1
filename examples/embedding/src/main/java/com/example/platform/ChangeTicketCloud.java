package com.example.platform;

import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.RepairTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * The platform's own "cloud": it repairs nothing itself but files a change ticket per repair for
 * the team's automation, here an in-memory queue standing in for the ticketing API. An instance
 * handed to the healer directly, with no plugin jar and no ServiceLoader. Thread-safe.
 */
public final class ChangeTicketCloud implements CloudProvider {

  /** One ticket: which node, what to do, and why. */
  public record Ticket(String node, String action, int attempt, String reason) {}

  private final List<Ticket> tickets = new ArrayList<>();

  @Override
  public synchronized List<RepairResult> repair(RepairRequest request) {
    List<RepairResult> results = new ArrayList<>();
    for (RepairTarget target : request.targets()) {
      tickets.add(new Ticket(target.node().name(), target.action().name(), target.attempt(), target.reason()));
      results.add(RepairResult.started(target.node().name(), "change ticket #" + tickets.size() + " filed"));
    }
    return results;
  }

  /** The tickets filed so far, oldest first. */
  public synchronized List<Ticket> tickets() {
    return List.copyOf(tickets);
  }
}
