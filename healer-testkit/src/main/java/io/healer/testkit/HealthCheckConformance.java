package io.healer.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.healer.api.API;
import io.healer.api.NodeAddress;
import io.healer.api.NodeCondition;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.Verdict;
import io.healer.api.check.CheckContext;
import io.healer.api.check.HealthCheck;
import io.healer.api.check.HealthCheckFactory;
import io.healer.api.config.ConfigException;
import io.healer.api.config.ConfigProblem;
import io.healer.api.config.Settings;
import io.healer.fakes.ManualClock;
import io.healer.fakes.Nodes;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rules every {@link HealthCheck} plugin must follow, as a JUnit 5 suite: extend it in your
 * plugin's tests, name your factory and a block of params it accepts, and every rule runs as one
 * test whose name says what your plugin must do.
 *
 * <pre>{@code
 * class KernelDeadlockCheckConformanceTest extends HealthCheckConformance {
 *   protected HealthCheckFactory factory() { return new KernelDeadlockCheckFactory(); }
 *   protected Settings validSettings() { return Settings.of(Map.of("max-age", "5m")); }
 *   protected NodeInfo unhealthyNode() { return Nodes.worker("w-1", now()).condition(deadlock).build(); }
 * }
 * }</pre>
 *
 * <p><b>The rules</b>, in groups:
 *
 * <ul>
 *   <li><b>Contract</b>: the factory is public with a public no-argument constructor, is found by
 *       {@link ServiceLoader} under its {@link HealthCheckFactory#type() type()} (registered with
 *       {@code @AutoService(HealthCheckFactory.class)}), has a type that is not blank, creates a
 *       check from {@link #validSettings()}, and the check judges the {@linkplain #healthyNode()
 *       healthy} and {@linkplain #unhealthyNode() unhealthy} nodes you supply as such.
 *   <li><b>Settings</b>: an unknown key and a {@linkplain #malformedSettings() malformed value} are
 *       rejected with a {@link ConfigException} whose problem names the key's full path (and, for a
 *       single value, the value) — what an operator needs to fix config.yaml.
 *   <li><b>Errors</b>: {@link HealthCheck#check} never throws, whatever the node: a node with nothing
 *       but a name, a node full of garbage. A check that cannot judge returns {@link
 *       Verdict#unknown(String)}.
 *   <li><b>Concurrency</b>: one check instance judging many nodes from many threads at once gives
 *       each node the verdict it gets when judged alone; the factory creates checks from several
 *       threads at once.
 *   <li><b>Timeouts</b>: with a tiny {@link CheckContext#timeout()} the check returns soon after it.
 *   <li><b>Roles</b>: {@link HealthCheck#roles()} is not empty, does not change, and a healthy node
 *       of each declared role is judged healthy. Nodes of other roles are never given to the check.
 * </ul>
 *
 * <p><b>Safe readings</b> where the SPI is silent: the suite gives the factory its params under the
 * path {@value #PARAMS_PATH}, as the engine does for a worker's first check, so your problems can
 * name full keys. A verdict is compared with {@code equals} (status, reason and since time), so a
 * check must not put wall-clock measurements into its reasons when judging the same node the same
 * way. Every rule but the timeout rule runs with a {@link ManualClock} (see {@link #clock()}) and a
 * budget of {@link #CHECK_TIMEOUT}.
 *
 * <p>Rules that need a hook you did not override ({@link #healthyNode()}, {@link #unhealthyNode()},
 * {@link #malformedSettings()}) are skipped with a message saying which hook to override.
 *
 * <p>The fixture is built in a {@code @BeforeEach} method rather than the constructor, so fields of
 * your subclass (a server started in {@code @BeforeAll}, say) are ready when the hooks are called.
 * Checks created by the suite are closed after each test.
 *
 * <p><b>The report.</b> Besides the test runner's own reports, the suite writes {@code
 * target/healer-conformance/<your test class>.txt}: every rule with passed, failed or skipped (and
 * why), under the name of your class, so two suites in one project keep their own (the runner
 * files each rule under the suite's group class, such as {@code HealthCheckConformance$Contract},
 * where two suites collide). The configuration parameter {@code healer.conformance.report.dir}
 * moves it.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@ExtendWith(ConformanceReport.class)
public abstract class HealthCheckConformance {

  /** The time budget the suite gives the check in every rule but the timeout rule. */
  protected static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

  /** The budget of the timeout rule: small enough that any real probe would need longer. */
  protected static final Duration TINY_TIMEOUT = Duration.ofMillis(200);

  /**
   * How much longer than its budget a check may take in the timeout rule: thread scheduling, a
   * busy build machine and the JIT, not the check's own work.
   */
  protected static final Duration TIMEOUT_GRACE = Duration.ofSeconds(2);

  /** Where the suite says the params sit in config.yaml. */
  protected static final String PARAMS_PATH = "healthcheck.worker[0].params";

  /** A key no check accepts. */
  static final String UNKNOWN_KEY = "no-such-key";

  private static final int THREADS = 8;
  private static final int CONCURRENT_NODES = 32;

  private final ManualClock clock = new ManualClock();
  private final List<HealthCheck> created = new ArrayList<>();
  private HealthCheckFactory factory;
  private HealthCheck check;

  /** For subclasses. */
  protected HealthCheckConformance() {}

  // ---- what the plugin author supplies ------------------------------------------------------

  /**
   * The factory under test: a new instance, as {@link ServiceLoader} would make it.
   *
   * @return the factory, never {@code null}
   */
  protected abstract HealthCheckFactory factory();

  /**
   * A params block the factory accepts; its path is ignored (the suite uses {@value #PARAMS_PATH}).
   *
   * @return the settings, never {@code null}; {@link Settings#empty()} if the defaults will do
   */
  protected abstract Settings validSettings();

  /**
   * A params block with one bad value, such as a word where a duration belongs, for the rule that
   * such a value is rejected naming its key. Override it if your check has params.
   *
   * @return the settings, or {@code null} (the default) to skip that rule
   */
  protected Settings malformedSettings() {
    return null;
  }

  /**
   * A node your check, created from {@link #validSettings()}, judges healthy at {@link #now()}.
   *
   * @return the node, or {@code null} (the default) to skip the rules that need it
   */
  protected NodeInfo healthyNode() {
    return null;
  }

  /**
   * A node your check, created from {@link #validSettings()}, judges unhealthy at {@link #now()}.
   *
   * @return the node, or {@code null} (the default) to skip the rule that needs it
   */
  protected NodeInfo unhealthyNode() {
    return null;
  }

  /**
   * The nodes the concurrency rule judges, each under many names. By default {@link #healthyNode()}
   * and {@link #unhealthyNode()} when supplied, and healthy, not ready and silent (kubelet stopped)
   * {@link Nodes} of each declared role. Override it when judging such nodes would reach out to
   * their (made-up) addresses.
   *
   * @return at least one node, of the check's roles
   */
  protected List<NodeInfo> sampleNodes() {
    List<NodeInfo> nodes = new ArrayList<>();
    Optional.ofNullable(healthyNode()).ifPresent(nodes::add);
    Optional.ofNullable(unhealthyNode()).ifPresent(nodes::add);
    Instant created = now().minus(Duration.ofDays(1));
    for (NodeRole role : check().roles()) {
      String prefix = "sample-" + role.configName();
      nodes.add(healthy(prefix + "-ready", role, created).build());
      nodes.add(Nodes.notReady(healthy(prefix + "-not-ready", role, created), now()).build());
      nodes.add(Nodes.unknown(healthy(prefix + "-silent", role, created), now()).build());
    }
    return nodes;
  }

  /**
   * The node the timeout rule judges. By default {@link #healthyNode()} when supplied, else the
   * first of {@link #sampleNodes()}. A check that probes something should get a node whose probe
   * would take longer than {@link #TINY_TIMEOUT}, such as a server that answers late.
   *
   * @return the node
   */
  protected NodeInfo slowNode() {
    NodeInfo healthy = healthyNode();
    return healthy != null ? healthy : sampleNodes().get(0);
  }

  // ---- what the suite offers the author --------------------------------------------------

  /**
   * The clock of every rule but the timeout rule; it stands still unless a hook moves it.
   *
   * @return this test's clock, new for each test (JUnit makes a new instance per test)
   */
  protected final ManualClock clock() {
    return clock;
  }

  /**
   * The current instant of {@link #clock()}: build your nodes' times from it.
   *
   * @return the clock's instant now
   */
  protected final Instant now() {
    return clock.instant();
  }

  /**
   * The check created from {@link #validSettings()} for the current test.
   *
   * @return the check
   */
  protected final HealthCheck check() {
    if (check == null) {
      factory = factory();
      check = create(factory, validSettings());
    }
    return check;
  }

  // ---- fixture ----------------------------------------------------------------------------------

  @BeforeEach
  final void createCheckUnderTest() {
    // Built here, not in the constructor, so that a subclass's fields are set when hooks run.
    check();
  }

  @AfterEach
  final void closeCreatedChecks() {
    for (HealthCheck c : created) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // The rule about close() reports this; the others should not fail for it.
      }
    }
    created.clear();
  }

  private HealthCheck create(HealthCheckFactory f, Settings settings) {
    HealthCheck c = f.create(atParamsPath(settings));
    if (c != null) {
      created.add(c);
    }
    return c;
  }

  private CheckContext context() {
    return CheckContext.of(clock, CHECK_TIMEOUT);
  }

  // ---- the rules ------------------------------------------------------------------------------

  /** What every factory and check is. */
  @Nested
  @DisplayName("Contract")
  class Contract {

    @Test
    @DisplayName("the factory is a public class with a public no-argument constructor, as ServiceLoader needs")
    void factoryHasAPublicNoArgumentConstructor() {
      Class<?> type = factory.getClass();
      assertThat(Modifier.isPublic(type.getModifiers()))
          .as("%s must be public so that ServiceLoader can create it", type.getName())
          .isTrue();
      assertThat(publicNoArgConstructor(type))
          .as("%s must have a public constructor without arguments", type.getName())
          .isNotNull();
    }

    @Test
    @DisplayName("the factory is found by ServiceLoader under its type (register it with @AutoService)")
    void isFoundByServiceLoaderUnderItsType() {
      String type = factory.type();
      List<HealthCheckFactory> found = ServiceLoader.load(HealthCheckFactory.class).stream()
          .map(ServiceLoader.Provider::get)
          .filter(f -> f.getClass().equals(factory.getClass()))
          .toList();
      assertThat(found)
          .as("ServiceLoader must find %s: annotate it with @AutoService(HealthCheckFactory.class) or list it in"
              + " META-INF/services/%s", factory.getClass().getName(), HealthCheckFactory.class.getName())
          .hasSize(1);
      assertThat(found.get(0).type())
          .as("a factory created by ServiceLoader must report the same type()")
          .isEqualTo(type);
    }

    @Test
    @DisplayName("the type, used in config.yaml, is not blank and has no spaces")
    void typeIsNotBlank() {
      assertThat(factory.type())
          .as("type() of %s", factory.getClass().getName())
          .isNotBlank()
          .doesNotContainAnyWhitespaces();
    }

    @Test
    @DisplayName("the factory creates a check from valid settings")
    void createsACheckFromValidSettings() {
      assertThat(check).as("create(validSettings()) must return a check, not null").isNotNull();
    }

    @Test
    @DisplayName("a healthy node is judged healthy")
    void judgesAHealthyNodeHealthy() {
      NodeInfo node = healthyNode();
      Assumptions.assumeTrue(node != null, "override healthyNode() to run this rule");
      assertThat(check.check(node, context())).as("verdict on %s", node).isEqualTo(Verdict.healthy());
    }

    @Test
    @DisplayName("an unhealthy node is judged unhealthy, with a reason")
    void judgesAnUnhealthyNodeUnhealthy() {
      NodeInfo node = unhealthyNode();
      Assumptions.assumeTrue(node != null, "override unhealthyNode() to run this rule");
      Verdict verdict = check.check(node, context());
      assertThat(verdict.isUnhealthy()).as("verdict on %s: %s", node, verdict).isTrue();
      assertThat(verdict.reason()).isNotBlank();
    }

    @Test
    @DisplayName("close() releases the check without throwing")
    void closesWithoutThrowing() {
      HealthCheck fresh = factory.create(atParamsPath(validSettings()));
      assertThat(catchThrowable(fresh::close)).as("close() must not throw").isNull();
    }
  }

  /** How the factory treats config.yaml. */
  @Nested
  @DisplayName("Settings")
  class SettingsRules {

    @Test
    @DisplayName("an unknown key is rejected with a ConfigException naming the key's full path")
    void rejectsAnUnknownKeyNamingItsFullPath() {
      Map<String, Object> values = valuesOf(validSettings());
      values.put(UNKNOWN_KEY, 1);
      Throwable thrown = catchThrowable(() -> factory.create(Settings.of(PARAMS_PATH, values)));
      String fullKey = PARAMS_PATH + "." + UNKNOWN_KEY;
      assertThat(thrown)
          .as("create() with the unknown key '%s' must throw a ConfigException (call settings.requireOnlyKeys(...))",
              UNKNOWN_KEY)
          .isInstanceOf(ConfigException.class);
      assertThat(((ConfigException) thrown).problems())
          .as("the problems must name the key by its full path %s", fullKey)
          .extracting(ConfigProblem::key)
          .contains(fullKey);
      assertThat(thrown.getMessage()).contains(fullKey);
    }

    @Test
    @DisplayName("a malformed value is rejected with a ConfigException naming the key and the value")
    void rejectsAMalformedValueNamingKeyAndValue() {
      Settings malformed = malformedSettings();
      Assumptions.assumeTrue(malformed != null, "override malformedSettings() to run this rule");
      Settings placed = atParamsPath(malformed);
      Throwable thrown = catchThrowable(() -> factory.create(placed));
      assertThat(thrown)
          .as("create(malformedSettings()) must throw a ConfigException, not %s", thrown)
          .isInstanceOf(ConfigException.class);
      List<ConfigProblem> problems = ((ConfigException) thrown).problems();
      List<ConfigProblem> named = problems.stream()
          .filter(p -> placed.keys().stream().map(placed::pathOf).anyMatch(p.key()::equals))
          .toList();
      assertThat(named)
          .as("a problem must name a key of the block by its full path, such as %s; problems were %s",
              placed.pathOf(placed.keys().iterator().next()), problems)
          .isNotEmpty();
      for (ConfigProblem problem : named) {
        String key = problem.key().substring(PARAMS_PATH.length() + 1);
        Object raw = placed.raw(key).orElse(null);
        if (raw != null && !(raw instanceof Collection) && !(raw instanceof Map)
            && !ConfigProblem.isSecretKey(key)) {
          assertThat(thrown.getMessage())
              .as("the message must show the bad value of %s", problem.key())
              .contains(String.valueOf(raw));
        }
      }
    }
  }

  /** What a check does when it cannot judge. */
  @Nested
  @DisplayName("Errors")
  class Errors {

    @Test
    @DisplayName("a node with nothing but a name gets a verdict, not an exception: errors must become unknown")
    void judgesABareNodeWithoutThrowing() {
      for (NodeRole role : check.roles()) {
        NodeInfo bare = withRole(NodeInfo.builder("bare-" + role.configName()), role).build();
        assertVerdictWithoutThrowing(bare);
      }
    }

    @Test
    @DisplayName("a node full of garbage gets a verdict, not an exception: errors must become unknown")
    void judgesAGarbageNodeWithoutThrowing() {
      for (NodeRole role : check.roles()) {
        assertVerdictWithoutThrowing(garbage(role));
      }
    }

    @Test
    @DisplayName("a node whose kubelet has never reported gets a verdict, not an exception")
    void judgesANodeWithoutConditionsOrHeartbeatWithoutThrowing() {
      for (NodeRole role : check.roles()) {
        NodeInfo fresh = healthy("fresh-" + role.configName(), role, now())
            .conditions(List.of()).heartbeatTime(null).addresses(List.of()).build();
        assertVerdictWithoutThrowing(fresh);
      }
    }

    private void assertVerdictWithoutThrowing(NodeInfo node) {
      Verdict[] verdict = new Verdict[1];
      Throwable thrown = catchThrowable(() -> verdict[0] = check.check(node, context()));
      assertThat(thrown)
          .as("check() threw on %s; a check must return Verdict.unknown(reason) when it cannot judge", node)
          .isNull();
      assertThat(verdict[0]).as("check() returned null on %s", node).isNotNull();
    }
  }

  /** What a check does when the engine runs it on many nodes at once. */
  @Nested
  @DisplayName("Concurrency")
  class Concurrency {

    @Test
    @DisplayName("judging many nodes from many threads at once gives the verdicts judging them one by one gives")
    void concurrentChecksGiveTheSameVerdictsAsSequentialOnes() throws Exception {
      List<NodeInfo> samples = sampleNodes();
      assertThat(samples).as("sampleNodes() must not be empty").isNotEmpty();
      List<NodeInfo> nodes = new ArrayList<>();
      for (int i = 0; i < CONCURRENT_NODES; i++) {
        NodeInfo sample = samples.get(i % samples.size());
        nodes.add(renamed(sample, sample.name() + "-" + i));
      }
      Map<String, Verdict> sequential = new LinkedHashMap<>();
      for (NodeInfo node : nodes) {
        sequential.put(node.name(), check.check(node, context()));
      }

      Map<String, Verdict> concurrent = runConcurrently(nodes);

      assertThat(concurrent)
          .as("verdicts differ when the check runs on %d threads at once: is it thread-safe?", THREADS)
          .containsExactlyInAnyOrderEntriesOf(sequential);
    }

    @Test
    @DisplayName("the factory creates checks from several threads at once")
    void factoryCreatesChecksConcurrently() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HealthCheck>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
          futures.add(pool.submit(() -> {
            start.await();
            return factory.create(atParamsPath(validSettings()));
          }));
        }
        start.countDown();
        for (Future<HealthCheck> f : futures) {
          HealthCheck c = f.get(60, TimeUnit.SECONDS);
          assertThat(c).as("create() returned null when called concurrently").isNotNull();
          created.add(c);
        }
      } finally {
        pool.shutdownNow();
      }
    }

    private Map<String, Verdict> runConcurrently(List<NodeInfo> nodes) throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        CountDownLatch start = new CountDownLatch(1);
        Map<String, Future<Verdict>> futures = new LinkedHashMap<>();
        for (NodeInfo node : nodes) {
          futures.put(node.name(), pool.submit(() -> {
            start.await();
            return check.check(node, context());
          }));
        }
        // All tasks wait for one signal so that they really overlap.
        start.countDown();
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (Map.Entry<String, Future<Verdict>> e : futures.entrySet()) {
          verdicts.put(e.getKey(), e.getValue().get(60, TimeUnit.SECONDS));
        }
        return verdicts;
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /**
   * The one rule about real time. A check's budget is a promise about wall time (the engine cannot
   * wait forever for a hung probe), so this rule runs the check with the system clock and measures
   * how long it took by the wall clock; the grace keeps it from failing on a busy machine.
   */
  @Nested
  @DisplayName("Timeouts")
  class Timeouts {

    @Test
    @DisplayName("with a tiny time budget the check returns soon after it")
    void returnsWithinItsTimeBudget() {
      NodeInfo node = slowNode();
      CheckContext tiny = CheckContext.of(Clock.systemUTC(), TINY_TIMEOUT);
      Duration limit = TINY_TIMEOUT.plus(TIMEOUT_GRACE);
      Verdict verdict = assertTimeoutPreemptively(limit, () -> check.check(node, tiny),
          () -> "with a budget of " + TINY_TIMEOUT.toMillis() + " ms the check did not return within "
              + limit.toMillis() + " ms: use context.timeout() to bound every wait");
      assertThat(verdict).as("check() returned null with a tiny budget").isNotNull();
    }
  }

  /** What a check says about the roles it judges. */
  @Nested
  @DisplayName("Roles")
  class Roles {

    @Test
    @DisplayName("the check declares at least one role it can judge")
    void declaresAtLeastOneRole() {
      assertThat(check.roles()).as("roles() of %s", check).isNotNull().isNotEmpty();
    }

    @Test
    @DisplayName("the declared roles do not change between calls or between checks of the same settings")
    void declaresTheSameRolesEveryTime() {
      Set<NodeRole> first = Set.copyOf(check.roles());
      assertThat(check.roles()).as("roles() asked twice").containsExactlyInAnyOrderElementsOf(first);
      HealthCheck another = create(factory, validSettings());
      assertThat(another.roles()).as("roles() of a second check from the same settings")
          .containsExactlyInAnyOrderElementsOf(first);
    }

    @Test
    @DisplayName("a healthy node of every declared role is judged healthy")
    void judgesAHealthyNodeOfEveryDeclaredRoleHealthy() {
      NodeInfo node = healthyNode();
      Assumptions.assumeTrue(node != null, "override healthyNode() to run this rule");
      for (NodeRole role : check.roles()) {
        NodeInfo asRole = withRole(node.toBuilder(), role).build();
        assertThat(check.check(asRole, context()))
            .as("the check declares %s nodes but does not judge a healthy %s node healthy", role, role)
            .isEqualTo(Verdict.healthy());
      }
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** The values of a settings block, in order, to rebuild it under the suite's path. */
  static Map<String, Object> valuesOf(Settings settings) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String key : settings.keys()) {
      values.put(key, settings.raw(key).orElse(null));
    }
    return values;
  }

  static Settings atPath(Settings settings, String path) {
    return Settings.of(path, valuesOf(settings));
  }

  private static Settings atParamsPath(Settings settings) {
    return atPath(settings, PARAMS_PATH);
  }

  private static Constructor<?> publicNoArgConstructor(Class<?> type) {
    try {
      Constructor<?> c = type.getConstructor();
      return Modifier.isPublic(c.getModifiers()) ? c : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static NodeInfo.Builder healthy(String name, NodeRole role, Instant createdAt) {
    return role == NodeRole.MASTER ? Nodes.master(name, createdAt) : Nodes.worker(name, createdAt);
  }

  /** The node with labels that make it of the given role, whatever it was. */
  static NodeInfo.Builder withRole(NodeInfo.Builder node, NodeRole role) {
    Map<String, String> labels = new LinkedHashMap<>(node.build().labels());
    labels.remove(NodeRole.MASTER_LABEL);
    labels.remove(NodeRole.CONTROL_PLANE_LABEL);
    if (role == NodeRole.MASTER) {
      labels.put(NodeRole.CONTROL_PLANE_LABEL, "");
    }
    return node.labels(labels);
  }

  /** The same node under another name. */
  static NodeInfo renamed(NodeInfo node, String name) {
    NodeInfo.Builder b = NodeInfo.builder(name)
        .uid(node.uid().orElse(null))
        .providerId(node.providerId().orElse(null))
        .machineId(node.machineId().orElse(null))
        .addresses(node.addresses())
        .labels(node.labels())
        .annotations(node.annotations())
        .conditions(node.conditions())
        .creationTime(node.creationTime())
        .heartbeatTime(node.heartbeatTime().orElse(null))
        .unschedulable(node.unschedulable());
    return b.build();
  }

  /**
   * A node with every field present and wrong: statuses Kubernetes never sends, empty strings,
   * addresses that are not addresses, times at the ends of what Kubernetes can write.
   */
  private NodeInfo garbage(NodeRole role) {
    Instant farFuture = Instant.parse("9999-12-31T23:59:59Z");
    NodeInfo.Builder node = NodeInfo.builder("garbage-" + role.configName())
        .uid("")
        .providerId("not a provider id")
        .machineId("")
        .address(NodeAddress.INTERNAL_IP, "not an address")
        .address(NodeAddress.INTERNAL_IP, "")
        .address("", "")
        .label("", "")
        .annotation("healer.io/exclude", "perhaps")
        .condition(new NodeCondition("Ready", "Maybe", Optional.of(farFuture), null, null))
        .condition(new NodeCondition("KernelDeadlock", "", Optional.empty(), "", ""))
        .condition(new NodeCondition("ReadonlyFilesystem", "true", Optional.of(Instant.EPOCH), "?", "?"))
        .condition(new NodeCondition("", "True", Optional.empty(), "", ""))
        .creationTime(farFuture)
        .heartbeatTime(Instant.EPOCH);
    return withRole(node, role).build();
  }
}
