package io.healer.integration.kubernetes;

import io.healer.integration.support.LoopbackHttp;
import io.healer.integration.support.ManagedProcess;
import io.healer.integration.support.Ports;
import io.healer.integration.support.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped daemon, {@code java -jar healer.jar run}, as a process of its own: what an operator
 * runs, with its ops server on a free loopback port.
 */
public final class HealerDaemon implements AutoCloseable {

  private static final Pattern IDENTITY = Pattern.compile("healer (\\S+) connected: ");

  private final ManagedProcess process;
  private final int port;
  private final LoopbackHttp http;

  private HealerDaemon(ManagedProcess process, int port) {
    this.process = process;
    this.port = port;
    this.http = new LoopbackHttp(port);
  }

  /**
   * Starts {@code healer.jar run --config FILE} in the healer namespace {@code kube-system}.
   *
   * @param name a name for its log file
   */
  public static HealerDaemon start(String name, Path config, Path logDir) {
    return start(name, config, logDir, "-Xmx256m");
  }

  /** As {@link #start(String, Path, Path)}, with JVM options of its own ({@code -Xmx1g}, {@code -XX:+UseSerialGC}). */
  public static HealerDaemon start(String name, Path config, Path logDir, String... jvmOptions) {
    int port = Ports.free();
    Path jar = Path.of(System.getProperty("healer.daemon.jar", "../healer-daemon/target/healer.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no daemon jar at " + jar + ": build it first (mvn package)");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>();
    command.add(java);
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-jar", jar.toString(), "run", "--config", config.toString(), "--port",
        Integer.toString(port), "--bind-address", "127.0.0.1"));
    ManagedProcess process = ManagedProcess.start(name, command,
        Map.of("POD_NAMESPACE", "kube-system"), logDir.resolve(name + ".log"));
    return new HealerDaemon(process, port);
  }

  /** The process. */
  public ManagedProcess process() {
    return process;
  }

  /** Its leader-election identity, from its start-up line ({@code healer ID connected: ...}). */
  String identity() {
    return Wait.value(process.name() + " logs its identity", Duration.ofSeconds(60), () -> {
      Matcher m = IDENTITY.matcher(log());
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    });
  }

  /** Everything it logged so far. */
  public String log() {
    return process.output();
  }

  /** The status code of an ops endpoint ({@code /readyz}), or -1 when nothing answers. */
  int status(String path) {
    return http.status(path);
  }

  /** The port of its /metrics, /healthz and /readyz, on 127.0.0.1. */
  int port() {
    return port;
  }

  /** The text of its {@code /metrics}. */
  String metrics() {
    return http.body("/metrics");
  }

  /** Waits until {@code /readyz} answers 200: caches synced, elector running. */
  public void awaitReady(Duration timeout) {
    process.awaitReady(timeout, () -> status("/readyz") == 200);
  }

  /** SIGTERM, as Kubernetes stops a pod; SIGKILL after 15 s. */
  @Override
  public void close() {
    process.close();
  }
}
