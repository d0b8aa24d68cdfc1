package io.healer.daemon;

import io.healer.api.embedding.CycleSummary;
import io.healer.api.embedding.HealerEvent;
import io.healer.api.embedding.HealerListener;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.Verdict;
import io.healer.api.check.CheckId;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.FailedCall;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The engine's decisions as Micrometer meters, named so that Prometheus shows:
 * <ul>
 *   <li>{@code healer_checks_total{check,role,verdict}}: verdicts, every cycle, by check as shown
 *       (its {@code name}, its type, or its type and position such as {@code Endpoint#2} when a
 *       role has several checks of one type);
 *   <li>{@code healer_repairs_total{action,role,outcome}}: repairs by outcome: {@code started} (asked
 *       of the cloud), {@code succeeded} (the cloud accepted it: taken, not yet working), {@code
 *       done} (the node passes its checks again afterwards), {@code failed} (the cloud refused or
 *       failed it, or the node was still unhealthy when its time to recover was over);
 *   <li>{@code healer_events_total{reason,role}}: every decision, by its Event reason;
 *   <li>{@code healer_unhealthy_nodes{role}}: unhealthy nodes seen by the last cycle;
 *   <li>{@code healer_cycle_seconds}: how long cycles take;
 *   <li>{@code healer_leader}: 1 while this instance leads;
 *   <li>{@code healer_cloud_cluster_status{status}}: 1 for the status the cloud gave last ({@code
 *       ready}, {@code busy}, {@code healing_disabled}, {@code unknown}: the cloud could not be
 *       asked), 0 for the others; all 0 before the engine first asked;
 *   <li>{@code healer_cloud_failed_calls_total{service,cause}}: the provider's failed calls to the
 *       cloud, by service ({@code identity}, {@code container-infra}...) and cause ({@code HTTP 503},
 *       {@code ConnectException}...), as the provider counts them.
 * </ul>
 * <ul>
 *   <li>{@code healer_repairs_held_total{why,role}}: repairs held back, by the rule that held them
 *       ({@link HeldBack}: {@code storm_guard}, {@code paused}, {@code quorum}, {@code budget},
 *       {@code excluded}...), counted when a node's hold begins or its reason changes;
 *   <li>{@code healer_cycle_held_back{why}}: 1 for the rule that held back every repair in the last
 *       cycle (the storm guard, the pause switch, a zone outage...), 0 for the others.
 * </ul>
 * Beside these, {@link ObservedCloud} counts the engine's calls to the provider ({@code
 * healer_cloud_calls_total{call,outcome}}) and {@link KubernetesRequests} the requests to the API
 * server ({@code healer_kubernetes_requests_total{verb,resource,code}}).
 */
final class HealerMetrics implements HealerListener {

  private final MeterRegistry registry;
  private final Map<NodeRole, AtomicInteger> unhealthy = new EnumMap<>(NodeRole.class);
  private final Timer cycles;
  private final ObservedCloud cloud;
  private final Set<FailedCall> failureKinds = ConcurrentHashMap.newKeySet();
  private volatile String cycleHeldBack = "";

  HealerMetrics(MeterRegistry registry, BooleanSupplier leader) {
    this(registry, leader, null);
  }

  /** With the cloud's status and failed calls, when the provider is {@code cloud}. */
  HealerMetrics(MeterRegistry registry, BooleanSupplier leader, ObservedCloud cloud) {
    this.registry = registry;
    this.cloud = cloud;
    if (cloud != null) {
      for (ClusterStatus.Status status : ClusterStatus.Status.values()) {
        Gauge.builder("healer.cloud.cluster.status", cloud,
                c -> c.lastStatus().filter(s -> s.status() == status).isPresent() ? 1 : 0)
            .description("1 for the cluster status the cloud gave last (unknown: it could not be asked), else 0")
            .tag("status", status.name().toLowerCase(Locale.ROOT))
            .strongReference(true)
            .register(registry);
      }
    }
    for (NodeRole role : NodeRole.values()) {
      AtomicInteger count = new AtomicInteger();
      unhealthy.put(role, count);
      Gauge.builder("healer.unhealthy.nodes", count, AtomicInteger::get)
          .description("Nodes judged unhealthy by at least one check in the last cycle")
          .tag("role", role.configName())
          .register(registry);
    }
    // Strong: the supplier is often a lambda nobody else holds, and a gauge only keeps a weak one.
    Gauge.builder("healer.leader", leader, l -> l.getAsBoolean() ? 1 : 0)
        .description("1 while this instance is the leader and may repair, else 0")
        .strongReference(true)
        .register(registry);
    for (String why : HeldBack.WHYS) {
      Gauge.builder("healer.cycle.held.back", this, m -> m.cycleHeldBack.equals(why) ? 1 : 0)
          .description("1 for the rule that held back every repair in the last cycle, else 0")
          .tag("why", why)
          .register(registry);
      for (NodeRole role : NodeRole.values()) {
        heldCounter(why, role.configName());
      }
    }
    cycles = Timer.builder("healer.cycle")
        .description("Time a healing cycle takes: reading nodes, checking, repairing")
        .register(registry);
  }

  @Override
  public void onVerdict(NodeInfo node, CheckId check, Verdict verdict) {
    Counter.builder("healer.checks")
        .description("Verdicts of health checks on nodes")
        .tag("check", check.display())
        .tag("role", node.role().configName())
        .tag("verdict", verdict.status().name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }

  @Override
  public void onEvent(HealerEvent event) {
    String role = event.role().configName();
    Counter.builder("healer.events")
        .description("Decisions of the engine, by their Kubernetes Event reason")
        .tag("reason", event.type().reason())
        .tag("role", role)
        .register(registry)
        .increment();
    String outcome = switch (event.type()) {
      case REPAIR_STARTED -> "started";
      case REPAIR_SUCCEEDED -> "succeeded";
      case REPAIR_DONE -> "done";
      case REPAIR_FAILED -> "failed";
      default -> null;
    };
    if (event.type() == HealerEvent.Type.REPAIR_SKIPPED) {
      heldCounter(HeldBack.of(event.message()), role).increment();
    }
    if (outcome != null) {
      Counter.builder("healer.repairs")
          .description("Repairs asked of the cloud, by outcome: started, succeeded (accepted), done, failed")
          .tag("action", event.action().map(a -> a.name().toLowerCase(Locale.ROOT)).orElse("unknown"))
          .tag("role", role)
          .tag("outcome", outcome)
          .register(registry)
          .increment();
    }
  }

  @Override
  public void onCycle(CycleSummary summary) {
    registerFailedCalls();
    cycles.record(summary.took());
    unhealthy.get(NodeRole.MASTER).set(summary.unhealthyMasters());
    unhealthy.get(NodeRole.WORKER).set(summary.unhealthyWorkers());
    cycleHeldBack = summary.skippedBecause().isEmpty() ? "" : HeldBack.of(summary.skippedBecause());
  }

  private Counter heldCounter(String why, String role) {
    return Counter.builder("healer.repairs.held")
        .description("Repairs held back, by the rule that held them")
        .tag("why", why)
        .tag("role", role)
        .register(registry);
  }

  /** A counter for each kind of failed call the provider has seen so far; each reads the provider's count. */
  void registerFailedCalls() {
    if (cloud == null) {
      return;
    }
    for (FailedCall kind : cloud.failedCalls().keySet()) {
      if (failureKinds.add(kind)) {
        FunctionCounter.builder("healer.cloud.failed.calls", cloud, c -> c.failedCalls().getOrDefault(kind, 0L))
            .description("Calls to the cloud that failed, by service and cause")
            .tag("service", kind.service())
            .tag("cause", kind.cause())
            .register(registry);
      }
    }
  }
}
