package io.healer.core.engine;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.Verdict;
import io.healer.api.check.CheckContext;
import io.healer.api.check.CheckId;
import io.healer.core.engine.RoleChecks.Entry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each node's checks for its role, nodes in parallel on an executor, checks of one node in
 * config order. A check that throws, returns {@code null} or does not finish in time yields an
 * unknown verdict, never an unhealthy one.
 */
final class Evaluator {

  private static final Logger log = LoggerFactory.getLogger(Evaluator.class);

  private final Map<NodeRole, RoleChecks> checks;
  private final Executor executor;
  private final Duration checkTimeout;

  Evaluator(Map<NodeRole, RoleChecks> checks, Executor executor, Duration checkTimeout) {
    this.checks = Map.copyOf(checks);
    this.executor = executor;
    this.checkTimeout = checkTimeout;
  }

  /**
   * Judges the given nodes.
   *
   * @param nodes the nodes to judge (already filtered by role switches and age)
   * @param context the context handed to every check
   * @return one evaluation per node, in the order given
   */
  List<NodeEvaluation> evaluate(List<NodeInfo> nodes, CheckContext context) {
    List<CompletableFuture<NodeEvaluation>> futures = new ArrayList<>(nodes.size());
    for (NodeInfo node : nodes) {
      futures.add(CompletableFuture.supplyAsync(() -> evaluate(node, context), executor));
    }
    // A safety net against checks that ignore their timeout: real time on purpose, since a hung
    // thread does not care about the engine's clock. Checks run in config order, so a node may need
    // the budget of all its checks; the queue may hold many nodes, hence the generous factor.
    long budgetNanos = checkTimeout.toNanos() * (maxChecksPerNode() + 1) * 4;
    long deadline = System.nanoTime() + budgetNanos;
    List<NodeEvaluation> result = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      result.add(await(futures.get(i), nodes.get(i), deadline));
    }
    return result;
  }

  private NodeEvaluation await(CompletableFuture<NodeEvaluation> future, NodeInfo node, long deadline) {
    try {
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      log.warn("checks of node {} did not finish in time; their verdicts are unknown", node.name());
      return allUnknown(node, "checks did not finish within their time budget");
    } catch (ExecutionException e) {
      log.warn("checks of node {} failed unexpectedly", node.name(), e.getCause());
      return allUnknown(node, "checks failed unexpectedly: " + e.getCause().getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return allUnknown(node, "interrupted");
    }
  }

  private NodeEvaluation evaluate(NodeInfo node, CheckContext context) {
    Map<CheckId, Verdict> verdicts = new LinkedHashMap<>();
    for (Entry check : entries(node)) {
      verdicts.put(check.id(), run(check, node, context));
    }
    return new NodeEvaluation(node, verdicts);
  }

  private static Verdict run(Entry check, NodeInfo node, CheckContext context) {
    CheckId id = check.id();
    try {
      Verdict verdict = check.check(node, context);
      if (verdict == null) {
        log.warn("check {} returned no verdict for node {}", id, node.name());
        return Verdict.unknown("check " + id + " returned no verdict");
      }
      return verdict;
    } catch (RuntimeException e) {
      log.warn("check {} threw on node {}", id, node.name(), e);
      return Verdict.unknown("check " + id + " could not run: " + e.getClass().getSimpleName());
    }
  }

  private NodeEvaluation allUnknown(NodeInfo node, String reason) {
    Map<CheckId, Verdict> verdicts = new LinkedHashMap<>();
    for (Entry check : entries(node)) {
      verdicts.put(check.id(), Verdict.unknown(reason));
    }
    return new NodeEvaluation(node, verdicts);
  }

  private List<Entry> entries(NodeInfo node) {
    return checks.getOrDefault(node.role(), RoleChecks.NONE).entries();
  }

  private int maxChecksPerNode() {
    return checks.values().stream().mapToInt(r -> r.entries().size()).max().orElse(0);
  }
}
