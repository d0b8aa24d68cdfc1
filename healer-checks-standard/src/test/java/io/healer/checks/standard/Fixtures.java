package io.healer.checks.standard;

import io.healer.api.NodeAddress;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.check.CheckContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** Nodes and contexts shared by the tests. */
final class Fixtures {

  static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

  private Fixtures() {}

  /** A context at a fixed instant with a generous time budget. */
  static CheckContext context() {
    return context(Duration.ofSeconds(10));
  }

  static CheckContext context(Duration timeout) {
    return CheckContext.of(Clock.fixed(NOW, ZoneOffset.UTC), timeout);
  }

  /** A master node whose InternalIP is the loopback address the test servers listen on. */
  static NodeInfo masterOnLoopback() {
    return NodeInfo.builder("master-0")
        .label(NodeRole.CONTROL_PLANE_LABEL, "")
        .address(NodeAddress.INTERNAL_IP, "127.0.0.1")
        .build();
  }
}
