package io.healer.daemon;

import io.healer.api.NodeInfo;
import io.healer.api.cloud.ClusterStatus;
import io.healer.core.config.GoDuration;
import io.healer.core.engine.NodeRecord;
import io.healer.core.engine.RepairStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * What {@code healer status} shows: one row per node and a few lines on the whole (leader, pause,
 * cloud). Built once from a {@link DryRunPass.Seen}; the document is the same in every format, so
 * that a table a person reads and the JSON a tool reads never disagree.
 */
final class StatusReport {

  /** The output formats, as {@code -o} names them. */
  enum Format {
    TABLE, JSON, YAML;

    static Format parse(String value) {
      for (Format f : values()) {
        if (f.name().toLowerCase(Locale.ROOT).equals(value)) {
          return f;
        }
      }
      throw new DaemonException("--output: value '" + value + "' is not allowed; table, json or yaml");
    }
  }

  private final Map<String, Object> document;
  private final TextTable table;

  private StatusReport(Map<String, Object> document, TextTable table) {
    this.document = document;
    this.table = table;
  }

  static StatusReport of(DryRunPass.Seen seen) {
    CheckReport report = seen.report();
    Instant now = seen.now();
    List<Object> nodes = new ArrayList<>();
    TextTable table = new TextTable(3).row("NAME", "ROLE", "CHECKS", "UNHEALTHY FOR", "REPAIR", "HELD BACK");
    for (NodeInfo node : seen.nodes().stream().sorted(Comparator.comparing(NodeInfo::name)).toList()) {
      List<CheckReport.Row> rows = report.rows(node.name());
      Optional<NodeRecord> record = Optional.ofNullable(seen.records().get(node.name()));
      Instant since = rows.stream().map(CheckReport.Row::since).filter(java.util.Objects::nonNull)
          .min(Comparator.naturalOrder()).orElse(null);
      String repair = repair(record, report.wouldRepair(node.name()), rows, now);
      String held = report.heldBack(node.name()).orElse(null);

      Map<String, Object> n = new LinkedHashMap<>();
      n.put("name", node.name());
      n.put("role", node.role().configName());
      List<Object> checks = new ArrayList<>();
      for (CheckReport.Row r : rows) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("check", r.check().display());
        c.put("verdict", r.verdict().status().name().toLowerCase(Locale.ROOT));
        c.put("reason", r.verdict().isHealthy() ? null : r.verdict().reason());
        c.put("unhealthySince", r.since() == null ? null : r.since().toString());
        checks.add(c);
      }
      n.put("checks", checks);
      n.put("notJudgedBecause", rows.isEmpty() ? report.notJudged(node) : null);
      n.put("unhealthySince", since == null ? null : since.toString());
      n.put("unhealthySeconds", since == null ? null : Duration.between(since, now).toSeconds());
      n.put("repair", repair);
      n.put("lastRepair", record.flatMap(NodeRecord::step).map(StatusReport::step).orElse(null));
      n.put("givenUp", record.map(NodeRecord::givenUp).orElse(false));
      n.put("heldBack", held);
      nodes.add(n);

      table.row(node.name(), node.role().configName(), checksCell(rows, report, node),
          since == null ? "-" : GoDuration.format(Duration.between(since, now).withNanos(0)), repair,
          held == null ? "-" : held);
    }

    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("cluster", seen.configured().clusterName());
    doc.put("time", now.toString());
    doc.put("leader", leader(seen));
    doc.put("paused", seen.connection().pauseSwitch().getAsBoolean());
    ClusterStatus cloud = report.cloudStatus();
    Map<String, Object> cloudDoc = new LinkedHashMap<>();
    cloudDoc.put("status", cloud == null ? null : cloud.status().name());
    cloudDoc.put("reason", cloud == null || cloud.reason().isEmpty() ? null : cloud.reason());
    cloudDoc.put("allowsRepair", cloud != null && cloud.allowsRepair());
    doc.put("cloud", cloudDoc);
    doc.put("heldBackBecause", seen.summary().skippedBecause().isEmpty() ? null : seen.summary().skippedBecause());
    doc.put("nodes", nodes);
    return new StatusReport(doc, table);
  }

  /** Who leads: the Lease's holder, nobody, or why there is no election to ask about. */
  private static Map<String, Object> leader(DryRunPass.Seen seen) {
    Map<String, Object> leader = new LinkedHashMap<>();
    boolean elect = seen.configured().leaderElect();
    leader.put("election", elect);
    leader.put("lease", seen.configured().leaseNamespace() + "/" + seen.configured().leaseName());
    leader.put("holder", elect ? seen.connection().leader().orElse(null) : null);
    return leader;
  }

  private static String checksCell(List<CheckReport.Row> rows, CheckReport report, NodeInfo node) {
    if (rows.isEmpty()) {
      return "not judged: " + report.notJudged(node);
    }
    List<String> cells = new ArrayList<>();
    for (CheckReport.Row r : rows) {
      cells.add(r.check().display() + "=" + r.verdict().status().name().toLowerCase(Locale.ROOT));
    }
    return String.join(",", cells);
  }

  /** Where the node's repair stands: done, under way, due, or nothing. */
  private static String repair(Optional<NodeRecord> record, Optional<String> wouldRepair, List<CheckReport.Row> rows,
      Instant now) {
    if (record.map(NodeRecord::givenUp).orElse(false)) {
      return "given up, left for a person";
    }
    Optional<RepairStep> step = record.flatMap(NodeRecord::step);
    if (step.isPresent() && record.get().inFlight(now)) {
      RepairStep s = step.get();
      return action(s) + " " + s.state().name().toLowerCase(Locale.ROOT) + " " + ago(s.at(), now)
          + " ago; recovering until " + s.waitUntil();
    }
    if (wouldRepair.isPresent()) {
      return "due now: " + wouldRepair.get();
    }
    Optional<Instant> due = rows.stream().map(CheckReport.Row::dueAt).filter(java.util.Objects::nonNull)
        .min(Comparator.naturalOrder());
    if (due.isPresent()) {
      return "due in " + ago(now, due.get());
    }
    if (step.isPresent()) {
      RepairStep s = step.get();
      return "last: " + action(s) + " " + s.state().name().toLowerCase(Locale.ROOT) + " " + ago(s.at(), now) + " ago";
    }
    return "-";
  }

  private static Map<String, Object> step(RepairStep s) {
    Map<String, Object> step = new LinkedHashMap<>();
    step.put("action", action(s));
    step.put("state", s.state().name().toLowerCase(Locale.ROOT));
    step.put("at", s.at().toString());
    step.put("recoveringUntil", s.waitUntil().toString());
    step.put("attempt", s.attempt());
    return step;
  }

  private static String action(RepairStep s) {
    return s.action().name().toLowerCase(Locale.ROOT);
  }

  private static String ago(Instant from, Instant to) {
    Duration d = Duration.between(from, to);
    return GoDuration.format(d.isNegative() ? Duration.ZERO : d.withNanos(0));
  }

  /** The report in the given format. */
  String render(Format format) {
    return switch (format) {
      case JSON -> Json.write(document);
      case YAML -> yaml();
      case TABLE -> table();
    };
  }

  private String yaml() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    return new Yaml(options).dump(document).stripTrailing();
  }

  @SuppressWarnings("unchecked")
  private String table() {
    StringBuilder out = new StringBuilder();
    table.lines().forEach(line -> out.append(line).append('\n'));
    out.append('\n');
    Map<String, Object> leader = (Map<String, Object>) document.get("leader");
    out.append("Leader: ").append(!(Boolean) leader.get("election")
        ? "leader election is off (leader-elect: false)"
        : leader.get("holder") == null ? "nobody holds the Lease " + leader.get("lease")
        : leader.get("holder") + " (Lease " + leader.get("lease") + ")").append('\n');
    out.append("Healing: ").append((Boolean) document.get("paused") ? "paused by the pause switch" : "on").append('\n');
    Map<String, Object> cloud = (Map<String, Object>) document.get("cloud");
    out.append("Cloud: ").append(cloud.get("status") == null ? "not asked"
        : cloud.get("status").toString().toLowerCase(Locale.ROOT).replace('_', ' ')
        + (cloud.get("reason") == null ? "" : ": " + cloud.get("reason"))
        + ((Boolean) cloud.get("allowsRepair") ? " (repairs allowed)" : "")).append('\n');
    Object because = document.get("heldBackBecause");
    if (because != null) {
      out.append("Held back this pass: ").append(because).append('\n');
    }
    out.append("At ").append(document.get("time")).append("; status never repairs.");
    return out.toString();
  }
}
