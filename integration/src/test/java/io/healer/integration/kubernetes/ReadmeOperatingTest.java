package io.healer.integration.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.integration.support.Commands;
import io.healer.integration.support.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command of the README's Operating section, run word for word with the built kubectl against
 * the real API server while the daemon runs, does what the README says it does.
 */
@ExtendWith(RealKubernetesExtension.class)
class ReadmeOperatingTest {

  /** How long a stopped kubelet takes to become a repair: the controller's grace, unhealthy-duration, a cycle. */
  private static final Duration TO_REPAIR = Duration.ofSeconds(60);

  private final RealKubernetes cluster;
  private DaemonWorld world;
  private HealerDaemon daemon;
  private List<String> commands;
  private final List<String> ran = new ArrayList<>();

  @TempDir
  Path dir;

  ReadmeOperatingTest(RealKubernetes cluster) {
    this.cluster = cluster;
  }

  @BeforeEach
  void start() {
    commands = operatingCommands();
    world = new DaemonWorld(cluster, dir, 4);
    world.applyAccessWithoutControlConfigMap();
    // A recovered node's history is forgotten soon, so that its next failure is a first one again.
    world.extraConfig("healthy-duration: 5s\n");
    daemon = world.startLeader("healer-readme");
  }

  @AfterEach
  void stop() {
    world.close();
  }

  @Test
  void theOperatingSectionsCommandsDoWhatItSays() {
    // Keep healer away from one node: by annotation, then by label.
    run("kubectl annotate node worker-3 healer.io/exclude=true --overwrite");
    int mark = daemon.log().length();
    world.kubelets.stopHeartbeat("worker-3");
    Wait.until("healer holds worker-3's repair: it opted out", TO_REPAIR,
        () -> logSince(mark).contains("RepairSkipped node=worker-3") && logSince(mark).contains("opted out"));
    assertThat(world.reboots(3)).isZero();
    run("kubectl annotate node worker-3 healer.io/exclude-");
    Wait.until("opted back in, worker-3 is rebooted", TO_REPAIR, () -> world.reboots(3) == 1);
    world.kubelets.resumeHeartbeat("worker-3");
    Wait.until("worker-3 recovers", TO_REPAIR, () -> world.eventReasons("worker-3").contains("NodeRecovered"));
    Wait.until("healer forgets worker-3's repair once it stayed healthy for healthy-duration", TO_REPAIR,
        () -> world.annotation("worker-3", "healer.io/repair-action") == null);

    run("kubectl label node worker-3 healer.io/exclude=true --overwrite");
    int labelMark = daemon.log().length();
    world.kubelets.stopHeartbeat("worker-3");
    Wait.until("the label opts worker-3 out too", TO_REPAIR,
        () -> logSince(labelMark).contains("RepairSkipped node=worker-3") && logSince(labelMark).contains("opted out"));
    assertThat(world.openstack.changes()).as("no second repair of worker-3's server")
        .filteredOn(r -> r.path().contains(world.workers.get(3))).hasSize(1);

    // See what healer decided and where a repair stands.
    String events = run("kubectl get events -n default --field-selector involvedObject.kind=Node,involvedObject.name=worker-3");
    assertThat(events).contains("RepairStarted").contains("NodeRecovered").contains("RepairSkipped");
    String annotations = run("kubectl get node worker-3 -o jsonpath='{.metadata.annotations}' | tr ',' '\\n' | grep healer.io/");
    assertThat(annotations).as("grep found healer's record on the node").contains("healer.io/");

    // Pause all repairs.
    run("kubectl -n kube-system create configmap healer-control");
    run("kubectl -n kube-system annotate configmap healer-control healer.io/paused=true --overwrite");
    int pauseMark = daemon.log().length();
    world.kubelets.stopHeartbeat("worker-2");
    Wait.until("worker-2's repair is held: healing is paused", TO_REPAIR,
        () -> logSince(pauseMark).contains("RepairSkipped node=worker-2") && logSince(pauseMark).contains("healing is paused"));
    assertThat(world.reboots(2)).isZero();
    assertThat(world.eventReasons("worker-2")).contains("RepairSkipped");
    run("kubectl -n kube-system annotate configmap healer-control healer.io/paused-");
    Wait.until("resumed, worker-2 is rebooted", TO_REPAIR, () -> world.reboots(2) == 1);

    // End a storm guard's cool-down early: the annotation goes, nothing else changes.
    run("kubectl -n kube-system annotate configmap healer-control healer.io/storm-ended-at-");
    assertThat(cluster.kubectlOk("-n", "kube-system", "get", "configmap", "healer-control", "-o", "yaml"))
        .doesNotContain("storm-ended-at");

    assertThat(daemon.process().isAlive()).isTrue();
    assertThat(world.forbiddenRequestsOfHealer()).isEmpty();
    assertThat(ran).as("every command of the Operating section is run here").containsExactlyInAnyOrderElementsOf(commands);
  }

  /** Runs a README line as written (pipes included), with the built kubectl as the cluster admin. */
  private String run(String line) {
    assertThat(commands).as("the README's Operating section says: %s", line).contains(line);
    if (!ran.contains(line)) {
      ran.add(line);
    }
    String kubectl = KubernetesBinaries.binary("kubectl") + " --kubeconfig=" + cluster.adminKubeconfig();
    Commands.Result result = Commands.exec(dir, List.of("bash", "-o", "pipefail", "-c",
        "kubectl() { " + kubectl + " \"$@\"; }; " + line), Map.of("HOME", dir.toString()), 60);
    assertThat(result.exitCode()).as("%s printed:%n%s", line, result.output()).isZero();
    return result.output();
  }

  private String logSince(int mark) {
    return daemon.log().substring(mark);
  }

  /** The kubectl lines of the README's Operating section, without their trailing comments. */
  static List<String> operatingCommands() {
    Path readme = KubernetesBinaries.integrationDir().resolve("../README.md").normalize();
    List<String> lines;
    try {
      lines = Files.readAllLines(readme);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> commands = new ArrayList<>();
    boolean inSection = false;
    for (String line : lines) {
      if (line.startsWith("## ")) {
        inSection = line.equals("## Operating");
      } else if (inSection && line.startsWith("kubectl ")) {
        int comment = line.indexOf("  #");
        commands.add((comment < 0 ? line : line.substring(0, comment)).strip());
      }
    }
    return commands;
  }
}
