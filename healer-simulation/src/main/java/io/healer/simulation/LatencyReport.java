package io.healer.simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The distribution of detection latencies over many seeds: from a machine breaking to healer's
 * first repair request, as a ratio to the failure's bound (unhealthy-duration + monitor-interval,
 * plus the lifecycle grace for a silent kubelet) and in seconds beyond unhealthy-duration.
 */
final class LatencyReport {

  private final List<SimulationResult.Latency> all = new ArrayList<>();

  void add(List<SimulationResult.Latency> latencies) {
    all.addAll(latencies);
  }

  /** Lines of the report: one per kind of detection, for failures no rule held. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(line("Ready condition (silent kubelet)", false));
    lines.add(line("API server probe (endpoint)", true));
    long held = all.stream().filter(l -> !l.clean()).count();
    lines.add(String.format(Locale.ROOT, "  (%d more failures were held by a rule before their first request: "
        + "not counted above)", held));
    return lines;
  }

  private String line(String what, boolean byEndpoint) {
    List<SimulationResult.Latency> picked = all.stream()
        .filter(l -> l.clean() && l.byEndpoint() == byEndpoint).toList();
    if (picked.isEmpty()) {
      return "  " + what + ": no samples";
    }
    double[] beyond = picked.stream()
        .mapToDouble(l -> l.latency().minus(l.unhealthyDuration()).toMillis() / 1000.0).sorted().toArray();
    double[] ratio = picked.stream()
        .mapToDouble(l -> (double) l.latency().toMillis() / l.bound().toMillis()).sorted().toArray();
    long overBound = picked.stream().filter(l -> l.latency().compareTo(l.bound()) > 0).count();
    return String.format(Locale.ROOT,
        "  %-34s n=%-6d latency - unhealthy-duration: p50 %5.0fs  p90 %5.0fs  p99 %5.0fs  max %5.0fs"
            + " | latency / bound: p50 %.2f  p99 %.2f  max %.2f | over bound: %d",
        what + ":", picked.size(), pct(beyond, 50), pct(beyond, 90), pct(beyond, 99), beyond[beyond.length - 1],
        pct(ratio, 50), pct(ratio, 99), ratio[ratio.length - 1], overBound);
  }

  private static double pct(double[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  static String seconds(Duration d) {
    return d.toSeconds() + "s";
  }
}
