package io.healer.integration.compare;

import io.healer.integration.kubernetes.HealerDaemon;
import io.healer.integration.support.ManagedProcess;
import io.healer.integration.support.RecordingProxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The two healers compared, each started as an operator runs it, with the same {@code config.yaml}. */
enum Tool {

  /** The Go magnum-auto-healer: {@code magnum-auto-healer --config FILE}. */
  MAGNUM_AUTO_HEALER("magnum-auto-healer " + GoHealerBinary.VERSION, "magnum-auto-healer/") {
    @Override
    Running start(Path config, Path logDir, int replica) {
      String name = replicaName("magnum-auto-healer", replica);
      ManagedProcess process = ManagedProcess.start(name,
          List.of(GoHealerBinary.path().toString(), "--config", config.toString()), Map.of(),
          logDir.resolve(name + ".log"));
      return new Running(process, process);
    }
  },

  /** healer's daemon: {@code java -jar healer.jar run --config FILE}. */
  HEALER("healer", "healer-provider-magnum") {
    @Override
    Running start(Path config, Path logDir, int replica) {
      HealerDaemon daemon = HealerDaemon.start(replicaName("healer", replica), config, logDir,
          daemonJvmOptions.toArray(String[]::new));
      return new Running(daemon.process(), daemon);
    }
  };

  /**
   * The JVM options healer's daemon runs with here: the ones healer-daemon's README names for
   * CPU-scarce nodes (less start-up CPU; a higher peak RSS than {@code -Xmx256m} alone).
   */
  static final List<String> RECOMMENDED_JVM_OPTIONS =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

  /** The options the next start of healer's daemon uses (the JVM options trial changes them). */
  private static volatile List<String> daemonJvmOptions = RECOMMENDED_JVM_OPTIONS;

  /** Starts healer's daemon with {@code options} from now on. */
  static void daemonJvmOptions(List<String> options) {
    daemonJvmOptions = List.copyOf(options);
  }

  private final String title;
  private final String userAgentMark;

  Tool(String title, String userAgentMark) {
    this.title = title;
    this.userAgentMark = userAgentMark;
  }

  /** Its name in the table. */
  String title() {
    return title;
  }

  /** Starts its replica number {@code replica} (0 for the first); it reads {@code config}. */
  abstract Running start(Path config, Path logDir, int replica);

  /** The first replica's log keeps the tool's own name; a second one's is {@code NAME-1}. */
  private static String replicaName(String name, int replica) {
    return replica == 0 ? name : name + "-" + replica;
  }

  /**
   * Whether it sent a request the proxies recorded while it ran. Its calls to Heat, Magnum and Nova
   * carry its own User-Agent (the services' calls to each other carry theirs); Keystone's proxy only
   * the healers use (the suite asks Keystone directly), and only one healer runs at a time.
   */
  boolean sent(RecordingProxy.Request request) {
    return request.service().equals("keystone") || request.userAgent().contains(userAgentMark);
  }

  /** A started healer: its process, and how to stop it as Kubernetes stops a pod. */
  record Running(ManagedProcess process, AutoCloseable stopper) implements AutoCloseable {
    @Override
    public void close() {
      try {
        stopper.close();
      } catch (Exception e) {
        process.kill();
      }
    }
  }
}
