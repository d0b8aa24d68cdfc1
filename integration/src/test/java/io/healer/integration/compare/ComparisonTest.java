package io.healer.integration.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.integration.openstack.RealOpenStack;
import io.healer.integration.openstack.RealOpenStackExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * healer beside the Go magnum-auto-healer: each scenario twice, once per healer, each on a fresh
 * real control plane, the same real cloud and the same config.yaml. Each test asserts what an
 * operator replacing the Go healer would check: healer repairs what broke, touches nothing else,
 * repairs once, and is not slower by more than one monitor interval. Every build runs three
 * scenarios (a worker's kubelet, a master's API server, a partition); with {@code
 * -Dhealer.compare.page=true} all of them run (the API outage alone lasts five minutes a tool) and
 * the run writes docs/compared-with-magnum-auto-healer.md. {@code
 * -Dhealer.compare.scenario=mostWorkersCutOff} runs the named scenarios only (test method names,
 * comma-separated) and writes no page.
 */
@ExtendWith(RealOpenStackExtension.class)
@ExtendWith(PageOnly.Selection.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("healer side by side with the Go magnum-auto-healer")
class ComparisonTest {

  private static final List<Row> ROWS = new ArrayList<>();
  private static ComparisonRun runs;

  @BeforeAll
  static void sharedConfig(RealOpenStack openstack) {
    requireKnownScenarios();
    runs = new ComparisonRun(openstack, folder());
  }

  @Test
  @Order(1)
  @DisplayName("a worker whose kubelet stops: one reboot of its server, no other server touched")
  void workerKubeletStops() {
    Row row = compare(Scenario.workerKubeletStops());
    assertRepairedOnce(row);
  }

  @Test
  @Order(2)
  @DisplayName("a master whose API server fails its health endpoint: one repair of the master's server only")
  void masterApiServerFails() {
    Row row = compare(Scenario.masterApiServerFails());
    assertRepairedOnce(row);
  }

  @Test
  @Order(3)
  @DisplayName("every worker cut off at once (a partition): healer touches no server")
  void workersCutOff() {
    Row row = compare(Scenario.workersCutOff());
    assertThat(row.healer().repairs()).as("healer's repairs of healthy machines (%s)", row.healer())
        .noneMatch(line -> !line.startsWith("*"));
    assertThat(row.healer().wrongRepairs()).isLessThanOrEqualTo(row.go().wrongRepairs());
  }

  @Test
  @Order(4)
  @PageOnly
  @DisplayName("healing switched off on the fly, then on: no repair while off, one after")
  void healingSwitchedOff() {
    Scenario scenario = Scenario.healingSwitchedOff();
    Row row = compare(scenario);
    assertRepairedOnce(row);
    assertThat(row.healer().toFirstRepair()).as("healer's first repair against the switch-on (%s)", row.healer())
        .isGreaterThanOrEqualTo(scenario.lasts());
  }

  @Test
  @Order(5)
  @PageOnly
  @DisplayName("a config with a misspelled key: healer refuses it at start and names the key")
  void misspelledKey() {
    Row row = compare(Scenario.misspelledKey());
    assertThat(row.healer().ran()).as("healer started on a config with an unknown key (%s)", row.healer()).isFalse();
    assertThat(row.healer().outcome()).contains("monitor-intervall").contains("monitor-interval");
  }

  @Test
  @Order(6)
  @PageOnly
  @DisplayName("a worker whose disk fails (DiskPressure): one reboot of its server, no other server touched")
  void workerDiskFails() {
    Row row = compare(Scenario.workerDiskFails());
    assertRepairedOnce(row);
  }

  @Test
  @Order(7)
  @PageOnly
  @DisplayName("a worker's kubelet stops as the API becomes unreachable for 5 minutes: no repair before it answers,"
      + " one after")
  void apiUnreachable() {
    Scenario scenario = Scenario.apiUnreachable();
    Row row = compare(scenario);
    assertRepairedOnce(row);
    assertThat(row.healer().toFirstRepair()).as("healer's first repair against the API's return (%s)", row.healer())
        .isGreaterThanOrEqualTo(scenario.lasts());
  }

  @Test
  @Order(8)
  @PageOnly
  @DisplayName("healer killed right after its first repair request and restarted: it goes on, no step twice")
  void killedMidRepair() {
    Row row = compare(Scenario.killedMidRepair());
    RunFigures healer = row.healer();
    assertThat(healer.toFirstRepair()).as("healer's first repair request (%s)", healer).isNotNull();
    assertThat(healer.repairs()).as("healer replaced the server after its restart (%s)", healer)
        .anyMatch(line -> line.startsWith("resize") || line.startsWith("mark-unhealthy"));
    assertThat(healer.wrongRepairs()).as("repairs of healthy nodes (%s)", healer).isZero();
    assertThat(healer.doubleRepairs()).as("a repair step sent twice (%s)", healer).isZero();
  }

  @Test
  @Order(9)
  @PageOnly
  @DisplayName("two replicas, the leader killed as a worker's kubelet stops: the other repairs, once")
  void leaderKilled() {
    Row row = compare(Scenario.leaderKilled());
    assertRepairedOnce(row);
  }

  @Test
  @Order(10)
  @PageOnly
  @DisplayName("a worker's kubelet stops while the cluster is UPDATE_IN_PROGRESS: no repair until it is done, one after")
  void clusterUpdating() {
    Row row = compare(Scenario.clusterUpdating());
    assertThat(row.healer().repairsWhileUpdating()).as("healer's repairs while the cluster was updating (%s)",
        row.healer()).isZero();
    assertThat(row.healer().repairs()).as("the operator's update shows in the row (%s)", row.healer())
        .anyMatch(line -> line.startsWith("*cluster updating"));
    assertRepairedOnce(row);
  }

  @Test
  @Order(11)
  @PageOnly
  @DisplayName("three of four workers cut off at once (a partition): healer touches no server, the Go healer"
      + " reboots what it sees")
  void mostWorkersCutOff() {
    Row row = compare(Scenario.mostWorkersCutOff());
    assertThat(row.healer().ran()).as("healer ran (%s)", row.healer()).isTrue();
    assertThat(row.healer().exits()).as("healer ended by itself (%s)", row.healer()).isZero();
    assertThat(row.healer().repairs()).as("healer's repairs of healthy machines (%s)", row.healer())
        .noneMatch(line -> !line.startsWith("*"));
    assertThat(row.healer().wrongRepairs()).isLessThanOrEqualTo(row.go().wrongRepairs());
  }

  /**
   * Not a comparison: healer alone, a worker's kubelet stopping, once per set of JVM options
   * ({@code -Dhealer.compare.jvm-trial="-Xmx256m | -Xmx256m -XX:+UseSerialGC"}), to choose the ones
   * the deploy manifest recommends: each must repair as the recommended ones do.
   */
  @Test
  @Order(20)
  @EnabledIfSystemProperty(named = "healer.compare.jvm-trial", matches = ".+")
  @DisplayName("JVM options trial: healer's cost and repair with each set of options")
  void jvmOptionsTrial() {
    List<String> trials = List.of(System.getProperty("healer.compare.jvm-trial").split("\\|"));
    try {
      for (String trial : trials) {
        Tool.daemonJvmOptions(List.of(trial.trim().split("\\s+")));
        RunFigures figures = runs.run(Tool.HEALER, Scenario.workerKubeletStops());
        System.out.println("[compare] JVM options [" + trial.trim() + "]: " + figures);
        assertThat(figures.toFirstRepair()).as("a repair with %s (%s)", trial, figures).isNotNull();
        assertThat(figures.wrongRepairs() + figures.doubleRepairs()).as("%s", figures).isZero();
      }
    } finally {
      Tool.daemonJvmOptions(Tool.RECOMMENDED_JVM_OPTIONS);
    }
  }

  private static Row compare(Scenario scenario) {
    RunFigures go = runs.run(Tool.MAGNUM_AUTO_HEALER, scenario);
    RunFigures healer = runs.run(Tool.HEALER, scenario);
    Row row = new Row(scenario, go, healer);
    ROWS.add(row);
    return row;
  }

  /** healer repaired the broken node, touched no other, repaired once, and was not slower by more than an interval. */
  private static void assertRepairedOnce(Row row) {
    RunFigures healer = row.healer();
    assertThat(healer.exits()).as("healer ended by itself (%s)", healer).isZero();
    assertThat(healer.toFirstRepair()).as("healer's first repair request (%s)", healer).isNotNull();
    assertThat(healer.wrongRepairs()).as("repairs of healthy nodes (%s)", healer).isZero();
    assertThat(healer.doubleRepairs()).as("repairs after the node came back (%s)", healer).isZero();
    if (row.go().toFirstRepair() != null) {
      assertThat(healer.toFirstRepair())
          .as("healer's time to repair against the Go healer's (%s; %s)", healer, row.go())
          .isLessThanOrEqualTo(row.go().toFirstRepair().plus(ComparisonRun.INTERVAL));
    }
  }

  @AfterAll
  static void page() {
    runs.close();
    // A selection of scenarios would write a page with rows missing.
    if (Boolean.getBoolean("healer.compare.page") && PageOnly.Selection.named().isEmpty() && !ROWS.isEmpty()) {
      Path page = GoHealerBinary.integrationDir().resolve("../docs/compared-with-magnum-auto-healer.md").normalize();
      ComparisonPage.write(page, ROWS, runs.config());
      System.out.println("[compare] wrote " + page);
    }
  }

  /** Fails at once on a scenario name that is no test method here: a typo would otherwise run nothing, green. */
  private static void requireKnownScenarios() {
    Set<String> known = new TreeSet<>();
    for (Method m : ComparisonTest.class.getDeclaredMethods()) {
      if (m.isAnnotationPresent(Test.class)) {
        known.add(m.getName());
      }
    }
    for (String name : PageOnly.Selection.named()) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException(PageOnly.Selection.PROPERTY + ": no scenario '" + name
            + "'; known: " + String.join(", ", known));
      }
    }
  }

  private static Path folder() {
    try {
      Path root = GoHealerBinary.integrationDir().resolve("target/real-servers");
      Files.createDirectories(root);
      return Files.createTempDirectory(root, "compare-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
