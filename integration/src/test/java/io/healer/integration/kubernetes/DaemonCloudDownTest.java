package io.healer.integration.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.integration.support.Ports;
import io.healer.integration.support.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A cloud that does not answer, as an operator meets it: the daemon (a process, against the real
 * API server) has a worker due for repair but cannot ask OpenStack. It logs one WARN line with the
 * cause, not a stack trace each cycle, repairs nothing, and its metrics say so for an alert.
 */
@ExtendWith({RealKubernetesExtension.class, DaemonWorldExtension.class})
class DaemonCloudDownTest {

  @Test
  void oneWarningWithTheCauseNoTracePerCycleAndMetricsAnAlertCanUse(DaemonWorld world) {
    world.applyAccess(UnaryOperator.identity());
    int closed = Ports.free();
    Path kubeconfig = world.cluster.serviceAccountKubeconfig(world.dir().resolve("cloud-down.kubeconfig"),
        "kube-system", "healer", Duration.ofHours(1));
    Path config = world.dir().resolve("cloud-down.yaml");
    DaemonWorld.write(config, world.config(kubeconfig).replaceAll("auth-url: \"[^\"]*\"",
        "auth-url: \"http://127.0.0.1:" + closed + "/v3\""));
    HealerDaemon daemon = HealerDaemon.start("healer-cloud-down", config, world.cluster.dir());
    world.adopt(daemon);
    daemon.awaitReady(Duration.ofSeconds(60));

    world.kubelets.stopHeartbeat("worker-1");
    Wait.until("the daemon asks the cloud for worker-1 and finds it unreachable", Duration.ofSeconds(120),
        () -> daemon.metrics().contains("healer_cloud_cluster_status{status=\"unknown\"} 1.0"));
    String cycles = "healer_cycle_seconds_count ";
    double asked = counter(daemon.metrics(), cycles);
    Wait.until("three more cycles (5 s each)", Duration.ofSeconds(60),
        () -> counter(daemon.metrics(), cycles) >= asked + 3);

    List<String> log = daemon.log().lines().toList();
    assertThat(log).filteredOn(l -> l.contains("WARN") && l.contains("could not ask OpenStack whether cluster k8s"))
        .as("one line for every cycle of the same cause").singleElement()
        .satisfies(l -> assertThat(l).contains("gave no answer: ConnectException"));
    assertThat(log).as("no stack trace").noneMatch(l -> l.startsWith("\tat ") || l.contains("\\tat "));
    assertThat(counter(daemon.metrics(),
        "healer_cloud_failed_calls_total{cause=\"ConnectException\",service=\"identity\"} "))
        .as("a failed login each cycle that asked").isGreaterThanOrEqualTo(3);
    assertThat(world.reboots(1)).as("nothing repaired while the cloud cannot be asked").isZero();
  }

  private static double counter(String metrics, String prefix) {
    return metrics.lines().filter(l -> l.startsWith(prefix)).findFirst()
        .map(l -> Double.parseDouble(l.substring(prefix.length()).trim())).orElse(0.0);
  }
}
