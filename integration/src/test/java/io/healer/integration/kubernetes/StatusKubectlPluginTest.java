package io.healer.integration.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.integration.support.Commands;
import io.healer.integration.support.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code kubectl healer status}: the real kubectl finds {@code healer-daemon/bin/kubectl-healer} on
 * the PATH and runs it with its own KUBECONFIG, against the real API server on which a daemon leads
 * and a worker's kubelet has stopped. status shows every node, the dead worker's failing check and
 * how long it has failed, and the daemon as the Lease's holder; it writes nothing.
 */
@ExtendWith({RealKubernetesExtension.class, DaemonWorldExtension.class})
class StatusKubectlPluginTest {

  @Test
  void kubectlHealerStatusShowsTheNodesTheDeadWorkerAndTheLeader(DaemonWorld world, RealKubernetes cluster)
      throws IOException {
    world.applyAccess(UnaryOperator.identity());
    // Long enough that the daemon, once it has recorded the failure, writes nothing more on the node
    // while status runs: what changes on the node then is status's doing.
    world.unhealthyDuration("10m");
    HealerDaemon daemon = world.startDaemon("healer-leader");
    daemon.awaitReady(Duration.ofSeconds(60));
    String leader = Wait.value("the daemon takes the Lease", Duration.ofSeconds(30), world::leaseHolder);
    world.kubelets.stopHeartbeat("worker-1");
    Wait.until("the node-lifecycle controller marks worker-1 Ready=Unknown", Duration.ofSeconds(40),
        () -> world.kubelets.condition("worker-1", "Ready").equals("Unknown"));

    Path bin = Files.createDirectories(world.dir().resolve("plugin-bin"));
    Files.copy(Path.of("../healer-daemon/bin/kubectl-healer"), bin.resolve("kubectl-healer"),
        StandardCopyOption.REPLACE_EXISTING);
    bin.resolve("kubectl-healer").toFile().setExecutable(true);
    Path kubectl = KubernetesBinaries.binary("kubectl");
    // status reads as the operator does: the admin's kubeconfig from kubectl's KUBECONFIG, and the
    // daemon's config.yaml without its kubeconfig line.
    Path config = world.dir().resolve("status-config.yaml");
    Files.writeString(config, world.config(Path.of("unused")).replaceAll("(?m)^kubernetes:\\n  kubeconfig: .*\\n", ""));
    Map<String, String> env = Map.of(
        "PATH", bin + ":" + kubectl.getParent() + ":" + System.getenv("PATH"),
        "KUBECONFIG", cluster.adminKubeconfig().toString(),
        "HEALER_JAR", Path.of(System.getProperty("healer.daemon.jar")).toAbsolutePath().toString(),
        "HOME", world.dir().toString());
    Wait.until("the daemon records worker-1's failure", Duration.ofSeconds(30),
        () -> world.annotations("worker-1").contains("healer.io/unhealthy-since"));
    int annotationsBefore = world.annotations("worker-1").size();

    Commands.Result plugins = Commands.exec(world.dir(), List.of(kubectl.toString(), "plugin", "list"), env, 60);
    Commands.Result status = Commands.exec(world.dir(), List.of(kubectl.toString(), "healer", "status", "--config",
        config.toString()), env, 120);

    assertThat(plugins.output()).contains(bin.resolve("kubectl-healer").toString());
    assertThat(status.exitCode()).as(status.output()).isZero();
    System.out.println("[status] kubectl healer status:\n" + status.output());
    assertThat(status.output())
        .containsPattern("master-0 +master +NodeCondition=healthy")
        .containsPattern("worker-0 +worker +NodeCondition=healthy")
        .containsPattern("worker-1 +worker +NodeCondition=unhealthy +\\d+s +")
        .contains("Leader: " + leader + " (Lease kube-system/magnum-auto-healer)");
    assertThat(world.annotations("worker-1")).as("status writes nothing on the node").hasSize(annotationsBefore);
  }
}
