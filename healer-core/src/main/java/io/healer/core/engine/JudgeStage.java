package io.healer.core.engine;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.check.CheckContext;
import io.healer.core.config.HealerConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The second stage: runs each judged node's checks ({@link Evaluator}) and hands every verdict to
 * the listeners. Nodes of a role whose monitor is off or that has no checks, nodes younger than
 * check-delay-after-add and nodes that report no conditions yet are not judged.
 */
final class JudgeStage implements AutoCloseable {

  private final HealerConfig config;
  private final Clock clock;
  private final Map<NodeRole, RoleChecks> roleChecks;
  private final Evaluator evaluator;
  private final ReportStage report;
  /** The check pool this stage started, if the embedder gave none; stopped on {@link #close()}. */
  private final ExecutorService ownedExecutor;

  /**
   * @param executor where checks run, or {@code null} for a pool of {@code parallelism} daemon threads
   */
  JudgeStage(HealerConfig config, Clock clock, Map<NodeRole, RoleChecks> roleChecks, Executor executor,
      int parallelism, ReportStage report) {
    this.config = config;
    this.clock = clock;
    this.roleChecks = roleChecks;
    this.report = report;
    this.ownedExecutor = executor == null ? Executors.newFixedThreadPool(parallelism, daemonThreads()) : null;
    this.evaluator = new Evaluator(roleChecks, executor == null ? ownedExecutor : executor, config.checkTimeout());
  }

  /**
   * Judges the snapshot.
   *
   * @param nodes every node read
   * @param start the cycle's start, against which a node's age is measured
   */
  Judgement judge(List<NodeInfo> nodes, Instant start) {
    List<NodeInfo> judged = nodes.stream().filter(n -> judged(n, start)).toList();
    List<NodeEvaluation> evaluations = evaluator.evaluate(judged, CheckContext.of(clock, config.checkTimeout()));
    Instant now = clock.instant();
    for (NodeEvaluation evaluation : evaluations) {
      evaluation.verdicts().forEach((check, verdict) -> report.verdict(evaluation.node(), check, verdict));
    }
    return new Judgement(now, nodes, evaluations);
  }

  private boolean judged(NodeInfo node, Instant now) {
    return config.monitorEnabled(node.role())
        && !roleChecks.get(node.role()).isEmpty()
        && !node.conditions().isEmpty()
        && !now.isBefore(node.creationTime().plus(config.checkDelayAfterAdd()));
  }

  @Override
  public void close() {
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "healer-check-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
