package io.healer.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.healer.api.API;
import io.healer.api.NodeAddress;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.CloudProviderFactory;
import io.healer.api.cloud.ClusterHealth;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.RepairTarget;
import io.healer.api.config.ConfigException;
import io.healer.api.config.ConfigProblem;
import io.healer.api.config.Settings;
import io.healer.fakes.ManualClock;
import io.healer.fakes.Nodes;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rules every {@link CloudProvider} plugin must follow, as a JUnit 5 suite: extend it in your
 * plugin's tests, point it at your factory, a config block, a node your (fake) cloud knows and a
 * counter of the repairs the cloud really began, and every rule runs as one test whose name says
 * what your provider must do.
 *
 * <pre>{@code
 * class WebhookProviderConformanceTest extends CloudProviderConformance {
 *   protected CloudProviderFactory factory() { return new WebhookProviderFactory(); }
 *   protected Settings validSettings() { return Settings.of(Map.of("url", server.baseUrl())); }
 *   protected NodeInfo knownNode() { return Nodes.worker("worker-1").build(); }
 *   protected int repairsStarted(CloudProvider provider) { return server.countRequestsMatching(...); }
 * }
 * }</pre>
 *
 * <p><b>The rules</b>, in groups:
 *
 * <ul>
 *   <li><b>Contract</b>: the factory is public with a public no-argument constructor, is found by
 *       {@link ServiceLoader} under its {@link CloudProviderFactory#name() name()}, creates a
 *       provider from {@link #validSettings()}, and rejects an unknown key with a {@link
 *       ConfigException} naming its full path; {@link CloudProviderFactory#validate} (what {@code
 *       healer validate} runs, offline) finds nothing in the valid settings and reports the unknown
 *       key by its full path.
 *   <li><b>Mapping</b>: the repair of {@link #knownNode()} starts (or is done); every target gets
 *       one result under its node's name; a node the cloud does not know ({@link #unknownNode()})
 *       is answered {@code FAILED} or {@code NOT_SUPPORTED} with a reason, never {@code STARTED}.
 *   <li><b>Refusals</b>: the repair of an unknown node is not attempted (the cloud sees nothing),
 *       one unknown node does not spoil a batch, and a node with nothing but a name is answered,
 *       not thrown at.
 *   <li><b>Idempotence</b>: the same target (node, action, attempt) asked again a cycle later — as
 *       after a restart of healer — does not begin a second repair; it is answered {@code STARTED},
 *       {@code DONE} or {@code RETRY_LATER}.
 *   <li><b>Capabilities</b>: {@link CloudProvider#supportedActions} answers for every role, an
 *       action outside it is answered {@code NOT_SUPPORTED} without touching the cloud, and cluster
 *       health reports are taken without an exception.
 *   <li><b>Second opinion</b>: {@link CloudProvider#serverState} answers for any node without
 *       throwing, and (with {@link Capability#MACHINE_MAPPING}) says unknown for a node the cloud
 *       does not know.
 *   <li><b>Switches</b>: {@link CloudProvider#clusterStatus()} answers without throwing; with
 *       healing on it is ready, and once {@link #disableHealing} switched it off it is {@code
 *       HEALING_DISABLED} with a reason.
 *   <li><b>Secrets</b>: the value {@link #secretValue()} of {@link #settingsWithSecret()} never
 *       appears in the provider's {@code toString()}, in a {@link ConfigException}, in a {@link
 *       RepairResult} or {@link ClusterStatus}, nor on {@code System.out}/{@code System.err}
 *       while the provider works.
 * </ul>
 *
 * <p><b>Capabilities.</b> {@link #capabilities()} says which optional rules apply; by default all
 * of them. A provider that cannot do one of these things on purpose (a test double built in code
 * is not registered with {@code ServiceLoader}; a cloud that repairs whatever it is given cannot
 * refuse unknown nodes) leaves that {@link Capability} out, and those rules are skipped with a
 * message naming it. A plugin for a real cloud should declare them all.
 *
 * <p><b>Safe readings</b> where the SPI is silent: "a repair started" is what {@link
 * #repairsStarted} counts in your cloud (or its fake), not what the provider answers; an unknown
 * node may be answered {@code FAILED} or {@code NOT_SUPPORTED} but never {@code STARTED}, {@code
 * DONE} or {@code RETRY_LATER}; healing switched off in the cloud is {@code HEALING_DISABLED}, not
 * {@code UNKNOWN}. The suite's logging check sees only what reaches the console: the testkit has no
 * logging backend, so put a console one (such as slf4j-simple) on your test class path to have
 * log lines checked too. Rules run one at a time (the console capture is global to the JVM).
 *
 * <p>The provider under test is created in a {@code @BeforeEach} method, with the settings under
 * the path of the provider's name as the engine gives them. Fields of your subclass set up in
 * {@code @BeforeAll} or in field initialisers are ready when the hooks are called; a {@code
 * @BeforeEach} of your subclass runs after the suite's, so what the hooks need must not wait for it
 * (start a fake server lazily in the hook, as {@code MagnumCloudProviderConformanceTest} does).
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
public abstract class CloudProviderConformance {

  /**
   * The optional rules a provider can declare it follows; see {@link #capabilities()}.
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public enum Capability {
    /** The factory is registered for {@link ServiceLoader} (every plugin jar must be). */
    DISCOVERY,
    /** The provider knows which nodes are its machines and refuses the others. */
    MACHINE_MAPPING,
    /** The provider begins one repair for a target asked twice (it keeps or asks what it began). */
    IDEMPOTENT_REPAIRS,
    /** The provider has a switch that turns healing off ({@link #disableHealing}). */
    HEALING_SWITCH,
    /** The provider takes a secret in its settings ({@link #settingsWithSecret()}). */
    SECRETS
  }

  /** The cluster name the suite gives the factory unless {@link #clusterName()} says otherwise. */
  protected static final String CLUSTER_NAME = "conformance";

  /** A key no provider accepts. */
  static final String UNKNOWN_KEY = "no-such-key";

  /** Time between a request and the same request asked again: one Go-default monitor interval. */
  static final Duration NEXT_CYCLE = Duration.ofSeconds(60);

  private final ManualClock clock = new ManualClock();
  private CloudProviderFactory factory;
  private CloudProvider provider;

  /** For subclasses. */
  protected CloudProviderConformance() {}

  // ---- what the plugin author supplies ------------------------------------------------------

  /**
   * The factory under test: a new instance, as {@link ServiceLoader} would make it.
   *
   * @return the factory, never {@code null}
   */
  protected abstract CloudProviderFactory factory();

  /**
   * A config block the factory accepts and that points at your (fake) cloud; its path is ignored
   * (the suite uses the provider's name, as the engine does).
   *
   * @return the settings, never {@code null}
   */
  protected abstract Settings validSettings();

  /**
   * A node your cloud knows and can repair with its gentlest supported action.
   *
   * @return the node, never {@code null}
   */
  protected abstract NodeInfo knownNode();

  /**
   * How many repairs the cloud has really begun so far, as your cloud (or its fake) counts them:
   * the reboot and rebuild calls it received, say. Called before and after a rule's requests.
   *
   * @param provider the provider the rule used
   * @return the count, zero or more
   */
  protected abstract int repairsStarted(CloudProvider provider);

  /**
   * The optional rules that apply; all of them by default. Leave one out only when your provider
   * cannot follow it by design, and say why in your test.
   *
   * @return the capabilities, never {@code null}
   */
  protected Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  /**
   * The {@code cluster-name} given to the factory; {@value #CLUSTER_NAME} by default.
   *
   * @return the name of the cluster your fake cloud serves, never {@code null}
   */
  protected String clusterName() {
    return CLUSTER_NAME;
  }

  /**
   * A node of the same role as {@link #knownNode()} that your cloud does not know. By default a
   * node named {@code conformance-unknown-node} with a provider id and an address (192.0.2.1, a
   * documentation address) that no cloud has.
   *
   * @return the node
   */
  protected NodeInfo unknownNode() {
    NodeInfo.Builder node = NodeInfo.builder("conformance-unknown-node")
        .providerId("openstack:///00000000-0000-0000-0000-00000000dead")
        .address(NodeAddress.INTERNAL_IP, "192.0.2.1")
        .creationTime(knownNode().creationTime());
    return HealthCheckConformance.withRole(node, knownNode().role()).build();
  }

  /**
   * Switches healing off, the way an operator would for your cloud: a label on the cluster, an
   * admin API call on your fake, or a setting. Needed for {@link Capability#HEALING_SWITCH}.
   *
   * @param provider the provider created from {@link #validSettings()}
   * @return the provider to ask: the same one after switching the cloud, or one created anew with
   *     settings that switch healing off
   */
  protected CloudProvider disableHealing(CloudProvider provider) {
    throw new UnsupportedOperationException("override disableHealing(provider), or leave "
        + Capability.HEALING_SWITCH + " out of capabilities()");
  }

  /**
   * A config block like {@link #validSettings()} that holds {@link #secretValue()} (a password, an
   * application credential secret, a token). Needed for {@link Capability#SECRETS}.
   *
   * @return the settings
   */
  protected Settings settingsWithSecret() {
    throw new UnsupportedOperationException("override settingsWithSecret() and secretValue(), or leave "
        + Capability.SECRETS + " out of capabilities()");
  }

  /**
   * The secret in {@link #settingsWithSecret()}; make it distinctive (not a word that could appear
   * in a message by chance).
   *
   * @return the secret value
   */
  protected String secretValue() {
    throw new UnsupportedOperationException("override settingsWithSecret() and secretValue(), or leave "
        + Capability.SECRETS + " out of capabilities()");
  }

  // ---- what the suite offers the author --------------------------------------------------

  /**
   * The clock the suite takes request times from.
   *
   * @return this test's clock, new for each test (JUnit makes a new instance per test); give it to
   *     your fake cloud so both agree on the time
   */
  protected final ManualClock clock() {
    return clock;
  }

  /**
   * The provider created from {@link #validSettings()} for the current test.
   *
   * @return the provider
   */
  protected final CloudProvider provider() {
    if (provider == null) {
      factory = factory();
      provider = create(validSettings());
    }
    return provider;
  }

  // ---- fixture ----------------------------------------------------------------------------------

  @BeforeEach
  final void createProviderUnderTest() {
    // Built here, not in the constructor, so that a subclass's fields are set when hooks run.
    provider();
  }

  private CloudProvider create(Settings settings) {
    return factory.create(HealthCheckConformance.atPath(settings, factory.name()), clusterName());
  }

  private void assume(Capability capability, String without) {
    Assumptions.assumeTrue(capabilities().contains(capability),
        "the provider leaves " + capability + " out of capabilities(): " + without);
  }

  private RepairRequest request(RepairAction action, NodeInfo... nodes) {
    List<RepairTarget> targets = new ArrayList<>();
    for (NodeInfo node : nodes) {
      targets.add(new RepairTarget(node, action, "conformance: NodeCondition says Ready is Unknown", 1));
    }
    return new RepairRequest(targets, clock.instant());
  }

  /** The gentlest action the provider supports for the known node's role. */
  private RepairAction gentlestAction() {
    NodeRole role = knownNode().role();
    Set<RepairAction> supported = provider.supportedActions(role);
    for (RepairAction action : RepairAction.values()) {
      if (supported != null && supported.contains(action)) {
        return action;
      }
    }
    throw new AssertionError("the provider supports no repair action for " + role.configName()
        + " nodes, the role of knownNode(); give a node of a role it can repair");
  }

  private static RepairResult resultFor(List<RepairResult> results, NodeInfo node) {
    assertThat(results).as("repair() returned null").isNotNull();
    List<RepairResult> forNode = results.stream().filter(r -> r.nodeName().equals(node.name())).toList();
    assertThat(forNode)
        .as("repair() must answer the target %s exactly once, under the node's name; answered %s",
            node.name(), results)
        .hasSize(1);
    return forNode.get(0);
  }

  private static void assertRefused(RepairResult result, String what) {
    assertThat(result.status())
        .as("%s must be answered FAILED or NOT_SUPPORTED (never started), was %s", what, result)
        .isIn(RepairResult.Status.FAILED, RepairResult.Status.NOT_SUPPORTED);
    assertThat(result.reason()).as("the refusal of %s must say why", what).isNotBlank();
  }

  // ---- the rules ------------------------------------------------------------------------------

  /** What every provider factory is. */
  @Nested
  @DisplayName("Contract")
  class Contract {

    @Test
    @DisplayName("the factory is a public class with a public no-argument constructor, as ServiceLoader needs")
    void factoryHasAPublicNoArgumentConstructor() throws Exception {
      Class<?> type = factory.getClass();
      assertThat(Modifier.isPublic(type.getModifiers()))
          .as("%s must be public so that ServiceLoader can create it", type.getName())
          .isTrue();
      Throwable missing = catchThrowable(type::getConstructor);
      assertThat(missing).as("%s must have a public constructor without arguments", type.getName()).isNull();
    }

    @Test
    @DisplayName("the factory is found by ServiceLoader under its name (register it with @AutoService)")
    void isFoundByServiceLoaderUnderItsName() {
      assume(Capability.DISCOVERY, "its factory is wired in code");
      List<CloudProviderFactory> found = ServiceLoader.load(CloudProviderFactory.class).stream()
          .map(ServiceLoader.Provider::get)
          .filter(f -> f.getClass().equals(factory.getClass()))
          .toList();
      assertThat(found)
          .as("ServiceLoader must find %s: annotate it with @AutoService(CloudProviderFactory.class) or list"
              + " it in META-INF/services/%s", factory.getClass().getName(), CloudProviderFactory.class.getName())
          .hasSize(1);
      assertThat(found.get(0).name()).as("a factory created by ServiceLoader must report the same name()")
          .isEqualTo(factory.name());
    }

    @Test
    @DisplayName("the name, used as cloud-provider in config.yaml, is not blank and has no spaces")
    void nameIsNotBlank() {
      assertThat(factory.name()).as("name() of %s", factory.getClass().getName())
          .isNotBlank()
          .doesNotContainAnyWhitespaces();
    }

    @Test
    @DisplayName("the factory creates a provider from valid settings")
    void createsAProviderFromValidSettings() {
      assertThat(provider).as("create(validSettings(), clusterName()) must return a provider").isNotNull();
    }

    @Test
    @DisplayName("an unknown key is rejected with a ConfigException naming the key's full path")
    void rejectsAnUnknownKeyNamingItsFullPath() {
      Map<String, Object> values = HealthCheckConformance.valuesOf(validSettings());
      values.put(UNKNOWN_KEY, 1);
      Throwable thrown = catchThrowable(() -> factory.create(Settings.of(factory.name(), values), clusterName()));
      String fullKey = factory.name() + "." + UNKNOWN_KEY;
      assertThat(thrown)
          .as("create() with the unknown key '%s' must throw a ConfigException (call settings.requireOnlyKeys(...))",
              UNKNOWN_KEY)
          .isInstanceOf(ConfigException.class);
      assertThat(((ConfigException) thrown).problems()).extracting(ConfigProblem::key)
          .as("the problems must name the key by its full path %s", fullKey)
          .contains(fullKey);
    }

    @Test
    @DisplayName("validate(), which healer validate runs offline, finds no problem in valid settings")
    void validateAcceptsValidSettings() {
      List<ConfigProblem> problems = factory.validate(HealthCheckConformance.atPath(validSettings(), factory.name()));
      assertThat(problems).as("validate(validSettings()) must find nothing; it found %s", problems).isEmpty();
    }

    @Test
    @DisplayName("validate() reports an unknown key by its full path, so healer validate catches a typo")
    void validateReportsAnUnknownKeyNamingItsFullPath() {
      Map<String, Object> values = HealthCheckConformance.valuesOf(validSettings());
      values.put(UNKNOWN_KEY, 1);
      String fullKey = factory.name() + "." + UNKNOWN_KEY;
      List<ConfigProblem> problems = factory.validate(Settings.of(factory.name(), values));
      assertThat(problems).extracting(ConfigProblem::key)
          .as("validate() with the unknown key '%s' must report %s: healer validate judges the provider's block"
              + " with validate() alone (it does not create the provider, which may log in), so override it"
              + " and check the keys there as create() does", UNKNOWN_KEY, fullKey)
          .contains(fullKey);
    }
  }

  /** How the provider finds the machine under a node. */
  @Nested
  @DisplayName("Mapping")
  class Mapping {

    @Test
    @DisplayName("the repair of a node the cloud knows starts (or is done), and the cloud begins it")
    void startsTheRepairOfANodeItKnows() {
      NodeInfo known = knownNode();
      int before = repairsStarted(provider);
      RepairResult result = resultFor(provider.repair(request(gentlestAction(), known)), known);
      assertThat(result.isSuccess()).as("the repair of knownNode() %s must be STARTED or DONE, was %s",
          known.name(), result).isTrue();
      assertThat(repairsStarted(provider)).as("repairsStarted() after one repair of knownNode()")
          .isEqualTo(before + 1);
    }

    @Test
    @DisplayName("every target of a request gets exactly one result, under its node's name")
    void answersEachTargetOnceUnderItsName() {
      NodeInfo known = knownNode();
      NodeInfo unknown = unknownNode();
      List<RepairResult> results = provider.repair(request(gentlestAction(), known, unknown));
      resultFor(results, known);
      resultFor(results, unknown);
      assertThat(results).as("no result for a node that was not asked about").hasSize(2);
    }

    @Test
    @DisplayName("a node the cloud does not know is answered failed or not supported, with a reason")
    void saysWhenItCannotMapANodeToAMachine() {
      assume(Capability.MACHINE_MAPPING, "it repairs whatever node it is given");
      NodeInfo unknown = unknownNode();
      assertRefused(resultFor(provider.repair(request(gentlestAction(), unknown)), unknown),
          "the repair of unknownNode() " + unknown.name());
    }
  }

  /** What the provider refuses to do. */
  @Nested
  @DisplayName("Refusals")
  class Refusals {

    @Test
    @DisplayName("the repair of a node the cloud does not know is refused, not attempted")
    void doesNotAttemptTheRepairOfAnUnknownNode() {
      assume(Capability.MACHINE_MAPPING, "it repairs whatever node it is given");
      int before = repairsStarted(provider);
      provider.repair(request(gentlestAction(), unknownNode()));
      assertThat(repairsStarted(provider)).as("repairsStarted() after a repair of unknownNode()")
          .isEqualTo(before);
    }

    @Test
    @DisplayName("one unknown node does not spoil the repair of a known node in the same request")
    void refusesOnlyTheUnknownNodeOfABatch() {
      assume(Capability.MACHINE_MAPPING, "it repairs whatever node it is given");
      NodeInfo known = knownNode();
      NodeInfo unknown = unknownNode();
      int before = repairsStarted(provider);
      List<RepairResult> results = provider.repair(request(gentlestAction(), unknown, known));
      assertThat(resultFor(results, known).isSuccess()).as("the known node's repair, beside an unknown node")
          .isTrue();
      assertRefused(resultFor(results, unknown), "the unknown node beside a known one");
      assertThat(repairsStarted(provider)).isEqualTo(before + 1);
    }

    @Test
    @DisplayName("a node with nothing but a name is answered, not thrown at: errors are returned")
    void answersABareNodeInsteadOfThrowing() {
      NodeInfo bare = HealthCheckConformance.withRole(NodeInfo.builder("conformance-bare-node"),
          knownNode().role()).build();
      int before = repairsStarted(provider);
      List<RepairResult> results = new ArrayList<>();
      Throwable thrown = catchThrowable(() -> results.addAll(provider.repair(request(gentlestAction(), bare))));
      assertThat(thrown).as("repair() threw on a node without provider id or addresses;"
          + " return RepairResult.failed(node, reason) instead").isNull();
      RepairResult result = resultFor(results, bare);
      if (capabilities().contains(Capability.MACHINE_MAPPING)) {
        assertRefused(result, "the repair of a node without provider id or addresses");
        assertThat(repairsStarted(provider)).isEqualTo(before);
      }
    }
  }

  /** What the provider does when asked twice. */
  @Nested
  @DisplayName("Idempotence")
  class Idempotence {

    @Test
    @DisplayName("the same repair asked again a cycle later does not begin a second repair")
    void beginsOneRepairForTheSameTargetAskedTwice() {
      assume(Capability.IDEMPOTENT_REPAIRS, "the engine's ledger is then the only guard against a double repair");
      NodeInfo known = knownNode();
      RepairAction action = gentlestAction();
      int before = repairsStarted(provider);
      RepairResult first = resultFor(provider.repair(request(action, known)), known);
      clock.advance(NEXT_CYCLE);
      RepairResult second = resultFor(provider.repair(request(action, known)), known);

      assertThat(first.isSuccess()).as("the first request: %s", first).isTrue();
      assertThat(second.status())
          .as("the same target asked again must be answered STARTED, DONE or RETRY_LATER, was %s", second)
          .isIn(RepairResult.Status.STARTED, RepairResult.Status.DONE, RepairResult.Status.RETRY_LATER);
      assertThat(repairsStarted(provider))
          .as("repairsStarted() after the same target (node, action, attempt 1) was asked twice")
          .isEqualTo(before + 1);
    }
  }

  /** What the provider says it can do. */
  @Nested
  @DisplayName("Capabilities")
  class Capabilities {

    @Test
    @DisplayName("the supported actions are declared for every role, and some role has one")
    void declaresItsActionsForEveryRole() {
      Set<RepairAction> any = EnumSet.noneOf(RepairAction.class);
      for (NodeRole role : NodeRole.values()) {
        Set<RepairAction> actions = provider.supportedActions(role);
        assertThat(actions).as("supportedActions(%s) must not be null", role).isNotNull();
        any.addAll(actions);
      }
      assertThat(any).as("a provider that supports no action for any role repairs nothing").isNotEmpty();
    }

    @Test
    @DisplayName("an action the provider does not support is answered not supported, and the cloud is not called")
    void reportsAnUnsupportedActionAsNotSupported() {
      NodeInfo known = knownNode();
      Set<RepairAction> supported = provider.supportedActions(known.role());
      RepairAction unsupported = null;
      for (RepairAction action : RepairAction.values()) {
        if (!supported.contains(action)) {
          unsupported = action;
        }
      }
      Assumptions.assumeTrue(unsupported != null,
          "the provider supports every action for " + known.role().configName() + " nodes");
      int before = repairsStarted(provider);
      RepairResult result = resultFor(provider.repair(request(unsupported, known)), known);
      assertThat(result.status()).as("%s of %s, which supportedActions() leaves out", unsupported, known.name())
          .isEqualTo(RepairResult.Status.NOT_SUPPORTED);
      assertThat(repairsStarted(provider)).isEqualTo(before);
    }

    @Test
    @DisplayName("cluster health reports that the cloud takes are taken without an exception")
    void takesClusterHealthReportsWithoutThrowing() {
      NodeInfo known = knownNode();
      ClusterHealth unhealthy = new ClusterHealth(List.of(new ClusterHealth.UnhealthyNode(known.name(),
          known.role(), "NodeCondition", "Ready is Unknown", clock.instant())), clock.instant());
      ClusterHealth healthy = new ClusterHealth(List.of(), clock.instant());
      assertThat(catchThrowable(() -> {
        provider.reportClusterHealth(unhealthy);
        provider.reportClusterHealth(healthy);
      })).as("reportClusterHealth() threw although the cloud is up; throw only when the cloud refused"
          + " the report (the engine then logs it and sends it again next cycle)").isNull();
    }
  }

  /** The second opinion the engine asks before repairing a silent node (optional method). */
  @Nested
  @DisplayName("Second opinion")
  class SecondOpinion {

    @Test
    @DisplayName("a server's state is answered for a known, an unknown and a bare node, never thrown")
    void answersServerStateWithoutThrowing() {
      NodeInfo bare = HealthCheckConformance.withRole(NodeInfo.builder("conformance-bare-node")
          .creationTime(knownNode().creationTime()), knownNode().role()).build();
      for (NodeInfo node : List.of(knownNode(), unknownNode(), bare)) {
        io.healer.api.cloud.ServerState[] state = new io.healer.api.cloud.ServerState[1];
        assertThat(catchThrowable(() -> state[0] = provider.serverState(node)))
            .as("serverState(%s) threw; return ServerState.unknown(reason) instead", node.name()).isNull();
        assertThat(state[0]).as("serverState(%s)", node.name()).isNotNull();
      }
    }

    @Test
    @DisplayName("the server of a node the cloud does not know is unknown: never dead, never running")
    void reportsTheServerOfAnUnknownNodeAsUnknown() {
      assume(Capability.MACHINE_MAPPING, "it repairs whatever node it is given");
      assertThat(provider.serverState(unknownNode()).status())
          .as("serverState() of a node the cloud does not know: a dead server would be repaired at once, a"
              + " running one held as a partition")
          .isEqualTo(io.healer.api.cloud.ServerState.Status.UNKNOWN);
    }
  }

  /** The provider's switch for healing. */
  @Nested
  @DisplayName("Switches")
  class Switches {

    @Test
    @DisplayName("the cluster status is answered, never thrown")
    void answersClusterStatusWithoutThrowing() {
      ClusterStatus[] status = new ClusterStatus[1];
      Throwable thrown = catchThrowable(() -> status[0] = provider.clusterStatus());
      assertThat(thrown).as("clusterStatus() must return ClusterStatus.unknown(reason) when it cannot ask").isNull();
      assertThat(status[0]).as("clusterStatus() returned null").isNotNull();
    }

    @Test
    @DisplayName("with healing on, the cluster is ready for repairs")
    void isReadyWhileHealingIsOn() {
      assume(Capability.HEALING_SWITCH, "it has no switch of its own");
      assertThat(provider.clusterStatus().allowsRepair()).as("clusterStatus() before the switch was turned off: %s",
          provider.clusterStatus()).isTrue();
    }

    @Test
    @DisplayName("with healing switched off, the cluster status is healing disabled, with a reason")
    void honoursItsOwnSwitch() {
      assume(Capability.HEALING_SWITCH, "it has no switch of its own");
      CloudProvider disabled = disableHealing(provider);
      ClusterStatus status = disabled.clusterStatus();
      assertThat(status.status()).as("clusterStatus() after disableHealing(): %s", status)
          .isEqualTo(ClusterStatus.Status.HEALING_DISABLED);
      assertThat(status.reason()).as("the status must say why repairs are off").isNotBlank();
    }
  }

  /** Where the provider's secrets must never show. */
  @Nested
  @DisplayName("Secrets")
  class Secrets {

    private String secret;
    private Settings withSecret;

    @BeforeEach
    void readSecret() {
      assume(Capability.SECRETS, "it takes no secret");
      secret = secretValue();
      withSecret = settingsWithSecret();
      assertThat(secret).as("secretValue() must be distinctive").isNotNull().hasSizeGreaterThanOrEqualTo(6);
      assertThat(HealthCheckConformance.valuesOf(withSecret).toString())
          .as("settingsWithSecret() must hold secretValue()")
          .contains(secret);
    }

    @Test
    @DisplayName("the provider's toString() never shows its secret")
    void neverShowsItsSecretInToString() {
      assertThat(create(withSecret).toString()).doesNotContain(secret);
    }

    @Test
    @DisplayName("a configuration error never shows the secret")
    void neverShowsItsSecretInConfigErrors() {
      Map<String, Object> values = HealthCheckConformance.valuesOf(withSecret);
      values.put(UNKNOWN_KEY, 1);
      Throwable thrown = catchThrowable(() -> factory.create(Settings.of(factory.name(), values), clusterName()));
      assertThat(thrown).as("create() with an unknown key next to the secret").isInstanceOf(ConfigException.class);
      assertThat(thrown.getMessage()).doesNotContain(secret);
      assertThat(((ConfigException) thrown).problems()).allSatisfy(p -> assertThat(p.toString()).doesNotContain(secret));
    }

    @Test
    @DisplayName("repair results, cluster statuses and console output never show the secret")
    void neverShowsItsSecretWhileWorking() {
      List<String> said = new ArrayList<>();
      String console;
      try (ConsoleCapture capture = ConsoleCapture.start()) {
        CloudProvider p = create(withSecret);
        said.add(String.valueOf(p));
        NodeInfo known = knownNode();
        NodeInfo unknown = unknownNode();
        for (RepairResult r : p.repair(request(gentlestAction(), known, unknown))) {
          said.add(r.toString());
        }
        said.add(String.valueOf(p.clusterStatus()));
        p.reportClusterHealth(new ClusterHealth(List.of(), clock.instant()));
        console = capture.text();
      }
      assertThat(said).allSatisfy(s -> assertThat(s).doesNotContain(secret));
      assertThat(console).as("console output (log lines) while the provider worked").doesNotContain(secret);
    }
  }
}
