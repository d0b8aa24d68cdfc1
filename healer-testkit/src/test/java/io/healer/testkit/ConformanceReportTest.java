package io.healer.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.healer.api.NodeInfo;
import io.healer.api.Verdict;
import io.healer.api.check.HealthCheck;
import io.healer.api.check.HealthCheckFactory;
import io.healer.api.config.Settings;
import io.healer.fakes.Nodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Two conformance suites of one kind in one run, as two plugins of one project run under surefire:
 * each gets its own report, named after the author's class, with every rule of its own.
 */
class ConformanceReportTest {

  @TempDir
  Path reports;

  @Test
  void twoSuitesInOneRunEachWriteTheirOwnReportNamedAfterTheAuthorsClass() throws IOException {
    SummaryGeneratingListener summary = run(FirstCheckSuite.class, SecondCheckSuite.class);

    try (Stream<Path> files = Files.list(reports)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder(FirstCheckSuite.class.getName() + ".txt", SecondCheckSuite.class.getName() + ".txt");
    }
    long rulesPerSuite = summary.getSummary().getTestsFoundCount() / 2;
    List<String> first = report(FirstCheckSuite.class);
    List<String> second = report(SecondCheckSuite.class);
    assertThat(first.subList(0, 2)).containsExactly("healer conformance: " + FirstCheckSuite.class.getName(),
        "suite: " + HealthCheckConformance.class.getName());
    assertThat(second.get(0)).isEqualTo("healer conformance: " + SecondCheckSuite.class.getName());
    assertThat(rules(first)).as("every rule of the first suite").hasSize((int) rulesPerSuite);
    assertThat(rules(second)).as("every rule of the second suite").hasSize((int) rulesPerSuite);
  }

  @Test
  void eachRuleShowsItsGroupAndOutcomeAndWhyItFailedOrWasSkipped() throws IOException {
    SummaryGeneratingListener summary = run(FirstCheckSuite.class);

    List<String> report = report(FirstCheckSuite.class);
    var s = summary.getSummary();
    assertThat(report.get(2)).isEqualTo(s.getTestsFoundCount() + " rules: " + s.getTestsSucceededCount() + " passed, "
        + s.getTestsFailedCount() + " failed, " + s.getTestsAbortedCount() + " skipped");
    assertThat(rules(report))
        .contains("passed   Contract > the factory creates a check from valid settings")
        // Not registered for ServiceLoader on purpose: a failure, with the suite's advice.
        .anyMatch(line -> line.startsWith("failed   Contract > the factory is found by ServiceLoader under its type")
            && line.contains("@AutoService(HealthCheckFactory.class)"))
        // No unhealthyNode() given: skipped, naming the hook.
        .anyMatch(line -> line.startsWith("skipped  ") && line.contains("unhealthyNode()"));
  }

  @Test
  void goesToTargetHealerConformanceOfTheWorkingDirectoryByDefault() throws IOException {
    Path report = Path.of("target/healer-conformance", SecondCheckSuite.class.getName() + ".txt");
    Files.deleteIfExists(report);

    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(SecondCheckSuite.class)).build());

    assertThat(report).content().startsWith("healer conformance: " + SecondCheckSuite.class.getName());
    Files.delete(report);
  }

  private SummaryGeneratingListener run(Class<?>... suites) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(Stream.of(suites).map(c -> selectClass(c)).toList())
        .configurationParameter(ConformanceReport.DIRECTORY_KEY, reports.toString())
        .build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    launcher.execute(request, summary);
    assertThat(summary.getSummary().getTestsFoundCount()).as("rules run").isPositive();
    return summary;
  }

  private List<String> report(Class<?> suite) throws IOException {
    return Files.readAllLines(reports.resolve(suite.getName() + ".txt"));
  }

  /** The lines after the header's blank line. */
  private static List<String> rules(List<String> report) {
    return report.subList(report.indexOf("") + 1, report.size());
  }

  /** A check that judges every node healthy; not registered for ServiceLoader. */
  public static final class AlwaysHealthyFactory implements HealthCheckFactory {
    private final String type;

    /** For ServiceLoader, which never sees it. */
    public AlwaysHealthyFactory() {
      this("AlwaysHealthy");
    }

    AlwaysHealthyFactory(String type) {
      this.type = type;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public HealthCheck create(Settings settings) {
      settings.requireOnlyKeys(List.of());
      return (node, context) -> Verdict.healthy();
    }
  }

  /** The first of two suites of one kind. */
  static class FirstCheckSuite extends HealthCheckConformance {
    @Override
    protected HealthCheckFactory factory() {
      return new AlwaysHealthyFactory("First");
    }

    @Override
    protected Settings validSettings() {
      return Settings.of(Map.of());
    }
  }

  /** The second, with a healthy node of its own. */
  static class SecondCheckSuite extends HealthCheckConformance {
    @Override
    protected HealthCheckFactory factory() {
      return new AlwaysHealthyFactory("Second");
    }

    @Override
    protected Settings validSettings() {
      return Settings.of(Map.of());
    }

    @Override
    protected NodeInfo healthyNode() {
      return Nodes.worker("worker-1").build();
    }
  }
}
