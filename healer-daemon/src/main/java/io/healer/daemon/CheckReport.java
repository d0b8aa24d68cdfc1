package io.healer.daemon;

import io.healer.api.embedding.CycleSummary;
import io.healer.api.embedding.HealerEvent;
import io.healer.api.embedding.HealerListener;
import io.healer.api.NodeInfo;
import io.healer.api.Verdict;
import io.healer.api.check.CheckId;
import io.healer.api.cloud.ClusterStatus;
import io.healer.core.config.CheckConfig;
import io.healer.core.config.HealerConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one dry-run pass of {@code healer check} saw, per node: each check's verdict, since when an
 * unhealthy node has been failing and when its repair falls due, and what the engine would have
 * done. Collected as a listener, rendered as a table or as JSON.
 *
 * <p>A node becomes a repair candidate only after a check has judged it unhealthy for that check's
 * unhealthy-duration, so one pass mostly shows "repair due at": the failure's start is the time the
 * check reports (a condition's lastTransitionTime) or, when it reports none, this pass.
 */
final class CheckReport implements HealerListener {

  private static final String DRY_RUN_PREFIX = "dry-run: ";

  /** One check's verdict with its timing. */
  record Row(CheckId check, Verdict verdict, Instant since, Instant dueAt) {}

  private final HealerConfig config;
  private final Map<String, List<Row>> rows = new HashMap<>();
  private final Map<String, String> wouldRepair = new HashMap<>();
  private final Map<String, String> heldBack = new HashMap<>();
  private Instant now;
  private ClusterStatus cloud;

  CheckReport(HealerConfig config, Instant now) {
    this.config = config;
    this.now = now;
  }

  /** What the cloud answered when asked whether it would allow repairs now. */
  void cloud(ClusterStatus status) {
    this.cloud = status;
  }

  /** Each check's verdict on the node, in the role's order; empty when the engine did not judge it. */
  List<Row> rows(String node) {
    return rows.getOrDefault(node, List.of());
  }

  /** What the engine would have done to the node now (dry-run), if anything. */
  java.util.Optional<String> wouldRepair(String node) {
    return java.util.Optional.ofNullable(wouldRepair.get(node));
  }

  /** Why the engine held back a repair the node is due for, if it did. */
  java.util.Optional<String> heldBack(String node) {
    return java.util.Optional.ofNullable(heldBack.get(node));
  }

  /** What the cloud said, or {@code null} when it was not asked. */
  ClusterStatus cloudStatus() {
    return cloud;
  }

  String cloudLine() {
    if (cloud == null) {
      return "not asked";
    }
    String status = cloud.status().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    return cloud.reason().isEmpty() ? status : status + ": " + cloud.reason();
  }

  @Override
  public void onVerdict(NodeInfo node, CheckId check, Verdict verdict) {
    Instant since = null;
    Instant due = null;
    if (verdict.isUnhealthy()) {
      since = verdict.failingSince().orElse(now);
      due = since.plus(unhealthyDuration(node, check));
    }
    rows.computeIfAbsent(node.name(), n -> new ArrayList<>()).add(new Row(check, verdict, since, due));
  }

  @Override
  public void onEvent(HealerEvent event) {
    switch (event.type()) {
      case REPAIR_SKIPPED -> {
        if (event.message().startsWith(DRY_RUN_PREFIX)) {
          wouldRepair.put(event.nodeName(), event.message().substring(DRY_RUN_PREFIX.length()));
        } else {
          heldBack.put(event.nodeName(), event.message());
        }
      }
      case REPAIR_GIVEN_UP -> heldBack.put(event.nodeName(), "given up: " + event.message());
      default -> { }
    }
  }

  /** The check's own unhealthy-duration: the check at its position in the role's list. */
  private Duration unhealthyDuration(NodeInfo node, CheckId check) {
    List<CheckConfig> checks = config.checks(node.role());
    return check.position() <= checks.size() ? checks.get(check.position() - 1).unhealthyDuration()
        : CheckConfig.DEFAULT_UNHEALTHY_DURATION;
  }

  /** Why the engine did not judge a node, or {@code null} when it did. */
  String notJudged(NodeInfo node) {
    if (!config.monitorEnabled(node.role())) {
      return node.role().configName() + "-monitor-enabled is false";
    }
    if (config.checks(node.role()).isEmpty()) {
      return "no " + node.role().configName() + " checks are configured";
    }
    if (node.conditions().isEmpty()) {
      return "the node reports no conditions yet";
    }
    Instant from = node.creationTime().plus(config.checkDelayAfterAdd());
    if (now.isBefore(from)) {
      return "younger than check-delay-after-add; judged from " + from;
    }
    return "not judged";
  }

  /** The report as a table for people. */
  void printTable(PrintStream out, List<NodeInfo> nodes, CycleSummary summary) {
    TextTable table = new TextTable(2).row("NODE", "ROLE", "CHECK", "VERDICT", "DETAIL");
    for (NodeInfo node : sorted(nodes)) {
      List<Row> nodeRows = rows.getOrDefault(node.name(), List.of());
      if (nodeRows.isEmpty()) {
        table.row(node.name(), node.role().configName(), "-", "-", notJudged(node));
      }
      for (Row r : nodeRows) {
        table.row(node.name(), node.role().configName(), r.check().display(),
            r.verdict().status().name().toLowerCase(Locale.ROOT), detail(r));
      }
    }
    table.lines().forEach(out::println);
    out.println();
    if (wouldRepair.isEmpty() && heldBack.isEmpty()) {
      out.println("Would repair: nothing now.");
    }
    sortedKeys(wouldRepair).forEach(n -> out.println("Would repair " + n + ": " + wouldRepair.get(n)));
    sortedKeys(heldBack).forEach(n -> out.println("Held back " + n + ": " + heldBack.get(n)));
    out.println("Cloud: " + cloudLine() + (cloud != null && cloud.allowsRepair() ? " (repairs allowed)" : ""));
    out.println(summary.nodes() + " nodes, " + summary.unhealthyMasters() + " unhealthy masters, "
        + summary.unhealthyWorkers() + " unhealthy workers, " + summary.unknownVerdicts()
        + " unknown verdicts at " + now + ". check never repairs.");
  }

  private static String detail(Row r) {
    if (r.verdict().isHealthy()) {
      return "";
    }
    String timing = r.since() == null ? "" : " (unhealthy since " + r.since() + "; repair due at " + r.dueAt() + ")";
    return r.verdict().reason() + timing;
  }

  /** The report as one line of JSON for tools. */
  void printJson(PrintStream out, List<NodeInfo> nodes, CycleSummary summary) {
    List<Object> nodeList = new ArrayList<>();
    for (NodeInfo node : sorted(nodes)) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("name", node.name());
      n.put("role", node.role().configName());
      List<Row> nodeRows = rows.getOrDefault(node.name(), List.of());
      n.put("judged", !nodeRows.isEmpty());
      n.put("notJudgedBecause", nodeRows.isEmpty() ? notJudged(node) : null);
      List<Object> checks = new ArrayList<>();
      for (Row r : nodeRows) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("check", r.check().display());
        c.put("type", r.check().type());
        c.put("position", r.check().position());
        c.put("verdict", r.verdict().status().name().toLowerCase(Locale.ROOT));
        c.put("reason", r.verdict().reason());
        c.put("unhealthySince", r.since() == null ? null : r.since().toString());
        c.put("repairDueAt", r.dueAt() == null ? null : r.dueAt().toString());
        checks.add(c);
      }
      n.put("checks", checks);
      n.put("wouldRepair", wouldRepair.get(node.name()));
      n.put("heldBack", heldBack.get(node.name()));
      nodeList.add(n);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("cluster", config.clusterName());
    doc.put("time", now.toString());
    doc.put("nodes", nodeList);
    Map<String, Object> cloudDoc = new LinkedHashMap<>();
    cloudDoc.put("status", cloud == null ? null : cloud.status().name());
    cloudDoc.put("reason", cloud == null ? null : cloud.reason());
    cloudDoc.put("allowsRepair", cloud != null && cloud.allowsRepair());
    doc.put("cloud", cloudDoc);
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("nodes", summary.nodes());
    totals.put("unhealthyMasters", summary.unhealthyMasters());
    totals.put("unhealthyWorkers", summary.unhealthyWorkers());
    totals.put("unknownVerdicts", summary.unknownVerdicts());
    totals.put("heldBackBecause", summary.skippedBecause().isEmpty() ? null : summary.skippedBecause());
    doc.put("summary", totals);
    out.println(Json.write(doc));
  }

  private static List<NodeInfo> sorted(List<NodeInfo> nodes) {
    return nodes.stream().sorted(Comparator.comparing(NodeInfo::name)).toList();
  }

  private static List<String> sortedKeys(Map<String, String> map) {
    return map.keySet().stream().sorted().toList();
  }
}
