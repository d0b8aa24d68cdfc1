package io.healer.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Writes one report file per conformance test class: every rule with its outcome, under the name
 * of the plugin author's own class ({@code com.example.NodeProblemCheckConformanceTest.txt}). The
 * rules are {@code @Nested} classes of the suite, so the test runner files each under the suite's
 * group class ({@code HealthCheckConformance$Contract}, surefire before 3.6 even its report file)
 * and two suites in one project collide there; this report keeps them apart.
 *
 * <p>The directory is the configuration parameter (or system property) {@value #DIRECTORY_KEY},
 * by default {@value #DEFAULT_DIRECTORY} of the working directory (Maven runs tests in the
 * module's directory). Registered by the suites themselves; safe when rules run in parallel.
 */
final class ConformanceReport implements TestWatcher, AfterAllCallback {

  /** The configuration parameter naming the report directory. */
  static final String DIRECTORY_KEY = "healer.conformance.report.dir";

  /** Where reports go unless {@value #DIRECTORY_KEY} says otherwise. */
  static final String DEFAULT_DIRECTORY = "target/healer-conformance";

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ConformanceReport.class);

  // A failure's message may run to many lines (AssertJ prints whole collections); the report
  // keeps the start, the runner's own report has the rest.
  private static final int MAX_DETAIL = 300;

  ConformanceReport() {}

  @Override
  public void testSuccessful(ExtensionContext context) {
    results(context).add(context, "passed", null);
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    results(context).add(context, "failed", cause);
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    results(context).add(context, "skipped", cause);
  }

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {
    results(context).add(context, "skipped", reason.map(IllegalStateException::new).orElse(null));
  }

  /** Writes the report once the author's class is done: after its last group. */
  @Override
  public void afterAll(ExtensionContext context) {
    if (topLevel(context) == context) {
      results(context).write(directory(context));
    }
  }

  private static Results results(ExtensionContext context) {
    ExtensionContext top = topLevel(context);
    return top.getStore(NAMESPACE).getOrComputeIfAbsent(Results.class,
        k -> new Results(top.getRequiredTestClass()), Results.class);
  }

  /** The context of the author's class: the one right under the engine's. */
  private static ExtensionContext topLevel(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getParent().flatMap(ExtensionContext::getParent).isPresent()) {
      c = c.getParent().get();
    }
    return c;
  }

  private static Path directory(ExtensionContext context) {
    return Path.of(context.getConfigurationParameter(DIRECTORY_KEY).orElse(DEFAULT_DIRECTORY));
  }

  /** The outcomes of one author's class, in the order the rules finished. */
  private static final class Results {
    private final Class<?> testClass;
    private final List<String> lines = new ArrayList<>();
    private int passed;
    private int failed;
    private int skipped;

    Results(Class<?> testClass) {
      this.testClass = testClass;
    }

    synchronized void add(ExtensionContext rule, String outcome, Throwable cause) {
      switch (outcome) {
        case "passed" -> passed++;
        case "failed" -> failed++;
        default -> skipped++;
      }
      String group = rule.getParent().filter(p -> p.getTestClass().isPresent() && p != topLevel(rule))
          .map(p -> p.getDisplayName() + " > ").orElse("");
      String detail = cause == null || cause.getMessage() == null ? "" : ": " + firstLine(cause.getMessage());
      lines.add(String.format("%-8s %s%s%s", outcome, group, rule.getDisplayName(), detail));
    }

    synchronized void write(Path directory) {
      List<String> report = new ArrayList<>();
      report.add("healer conformance: " + testClass.getName());
      report.add("suite: " + suiteOf(testClass));
      report.add((passed + failed + skipped) + " rules: " + passed + " passed, " + failed + " failed, " + skipped
          + " skipped");
      report.add("");
      report.addAll(lines);
      try {
        Files.createDirectories(directory);
        Files.write(directory.resolve(testClass.getName() + ".txt"), report, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the conformance report of " + testClass.getName()
            + " to " + directory, e);
      }
    }

    /** The testkit's suite the author's class extends, such as {@code HealthCheckConformance}. */
    private static String suiteOf(Class<?> testClass) {
      for (Class<?> c = testClass; c != null; c = c.getSuperclass()) {
        if (c == HealthCheckConformance.class || c == CloudProviderConformance.class) {
          return c.getName();
        }
      }
      return "none";
    }

    private static String firstLine(String message) {
      String line = message.strip().lines().findFirst().orElse("");
      return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL) + "...";
    }
  }
}
