package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmallCommandsTest {

  @Test
  void versionPrintsHealersVersionFromTheBuild() {
    Cli.Result result = new Cli().run("version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("healer 0.1.0-SNAPSHOT (Java ");
  }

  @Test
  void dashDashVersionPrintsTheSameLine() {
    assertThat(new Cli().run("--version").out()).isEqualTo(new Cli().run("version").out());
  }

  @Test
  void demoPrintsTheTimelineOfTheSimulatedCluster() {
    Cli.Result result = new Cli().run("demo");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("healer demo: 3 masters and 4 workers on a fake cloud")
        .contains("worker-3  repair     reboot chosen")
        .contains("rebuild chosen")
        .contains("storm guard")
        .contains("Repairs the cloud was asked for:");
  }

  @Test
  void runWithoutAWayToTheClusterSaysWhichSettingsItLookedFor() {
    String config = Resources.path("/config/fake-cluster.yaml");
    Cli.Result result = new Cli().run("run", "--config", config, "--port", "0");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("error: could not set up the connection to the Kubernetes API: no"
        + " kubernetes.kubeconfig, no kubernetes.api-host and no in-cluster service account");
  }

  @Test
  void noCommandPrintsUsageWithExitTwo() {
    Cli.Result result = new Cli().run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Usage: healer").contains("validate").contains("check");
  }
}
