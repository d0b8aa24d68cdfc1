package io.healer.integration.operators;

import static io.healer.integration.support.TextFile.write;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.healer.integration.support.Commands;
import io.healer.integration.support.LoopbackHttp;
import io.healer.integration.support.ManagedProcess;
import io.healer.integration.support.Ports;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Prometheus (Debian's package, installed by {@code integration/prometheus/install.sh}) on
 * loopback, scraping given targets every second and evaluating given rule files, with its data in a
 * folder of its own. {@link #close()} stops it.
 */
public final class Prometheus implements AutoCloseable {

  /** The Debian package's binaries. */
  public static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  public static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  private final ManagedProcess process;
  private final LoopbackHttp http;

  private Prometheus(ManagedProcess process, int port) {
    this.process = process;
    this.http = new LoopbackHttp(port);
  }

  /**
   * Starts Prometheus and waits until it is ready.
   *
   * @param dir its folder: config, data, log
   * @param target the {@code host:port} of the scraped /metrics (job {@code healer})
   * @param ruleFile a rules file to evaluate every second
   */
  public static Prometheus start(Path dir, String target, Path ruleFile) {
    requireInstalled();
    int port = Ports.free();
    Path config = dir.resolve("prometheus.yml");
    write(config, """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files:
          - %s
        scrape_configs:
          - job_name: healer
            static_configs:
              - targets: ["%s"]
                labels:
                  namespace: kube-system
        """.formatted(ruleFile.toAbsolutePath(), target));
    ManagedProcess process = ManagedProcess.start("prometheus", List.of(PROMETHEUS.toString(),
        "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port), Map.of(), dir.resolve("prometheus.log"));
    Prometheus prometheus = new Prometheus(process, port);
    try {
      process.awaitReady(Duration.ofSeconds(60), () -> prometheus.http.status("/-/ready") == 200);
      return prometheus;
    } catch (RuntimeException | AssertionError e) {
      prometheus.close();
      throw e;
    }
  }

  /** Fails with what to run when the Debian package is not installed. */
  public static void requireInstalled() {
    if (!Files.isExecutable(PROMETHEUS) || !Files.isExecutable(PROMTOOL)) {
      throw new IllegalStateException("no " + PROMETHEUS + " or " + PROMTOOL
          + ": run integration/prometheus/install.sh as root first");
    }
  }

  /** Runs promtool with these arguments in {@code dir}. */
  public static Commands.Result promtool(Path dir, String... args) {
    requireInstalled();
    List<String> command = new java.util.ArrayList<>(List.of(PROMTOOL.toString()));
    command.addAll(List.of(args));
    return Commands.exec(dir, command, Map.of(), 60);
  }

  /** The result vector or matrix of an instant query ({@code data.result}); fails when the query is an error. */
  public JsonArray query(String promql) {
    JsonObject answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    if (!"success".equals(answer.get("status").getAsString())) {
      throw new AssertionError("query " + promql + " failed: " + answer);
    }
    return answer.getAsJsonObject("data").getAsJsonArray("result");
  }

  /** The loaded rule groups ({@code data.groups} of /api/v1/rules). */
  public JsonArray ruleGroups() {
    return get("/api/v1/rules").getAsJsonObject("data").getAsJsonArray("groups");
  }

  /** The scrape targets ({@code data.activeTargets} of /api/v1/targets). */
  public JsonArray targets() {
    return get("/api/v1/targets").getAsJsonObject("data").getAsJsonArray("activeTargets");
  }

  /** The process, for its log. */
  public ManagedProcess process() {
    return process;
  }

  private JsonObject get(String path) {
    return JsonParser.parseString(http.body(path)).getAsJsonObject();
  }

  /** SIGTERM (SIGKILL after 15 s), and waits for the exit. */
  @Override
  public void close() {
    process.close();
  }
}
