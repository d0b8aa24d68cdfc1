package io.healer.testkit;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.CloudProviderFactory;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.RepairAction;
import io.healer.api.config.ConfigException;
import io.healer.api.config.ConfigProblem;
import io.healer.api.config.Settings;
import io.healer.fakes.FakeCloud;
import io.healer.fakes.Nodes;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@link FakeCloud} follows the provider rules that a test double can. It leaves out, on purpose:
 * discovery (it is built in code, never loaded as a plugin), machine mapping (it repairs whatever
 * node it is given, so engine tests need no setup), idempotence (it records and begins every repair
 * it is asked for, so that engine tests catch a double repair) and secrets (it has none).
 */
class FakeCloudConformanceTest extends CloudProviderConformance {

  @Override
  protected CloudProviderFactory factory() {
    return new FakeCloudFactory();
  }

  /** REPLACE left out, so that the rule about unsupported actions runs. */
  @Override
  protected Settings validSettings() {
    return Settings.of(Map.of("supported-actions", List.of("REBOOT", "REBUILD")));
  }

  @Override
  protected NodeInfo knownNode() {
    return Nodes.worker("worker-1").build();
  }

  @Override
  protected int repairsStarted(CloudProvider provider) {
    return (int) ((FakeCloud) provider).repairs().stream().filter(r -> r.result().isSuccess()).count();
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(Capability.HEALING_SWITCH);
  }

  @Override
  protected CloudProvider disableHealing(CloudProvider provider) {
    return ((FakeCloud) provider).clusterStatus(ClusterStatus.healingDisabled("switched off by the test"));
  }

  /** Wires a {@link FakeCloud} as a plugin would be: by name, from a settings block. */
  public static final class FakeCloudFactory implements CloudProviderFactory {

    /** Called by the suite. */
    public FakeCloudFactory() {}

    @Override
    public String name() {
      return "fake";
    }

    /** Offline, as {@code healer validate} calls it: the same keys and values create() reads. */
    @Override
    public List<ConfigProblem> validate(Settings settings) {
      try {
        create(settings, "validate");
        return List.of();
      } catch (ConfigException e) {
        return e.problems();
      }
    }

    @Override
    public CloudProvider create(Settings settings, String clusterName) {
      settings.requireOnlyKeys(List.of("supported-actions"));
      Set<RepairAction> actions = EnumSet.noneOf(RepairAction.class);
      for (String action : settings.stringList("supported-actions", List.of("REBOOT", "REBUILD", "REPLACE"))) {
        try {
          actions.add(RepairAction.valueOf(action.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw settings.problem("supported-actions", action, "REBOOT, REBUILD or REPLACE");
        }
      }
      FakeCloud cloud = new FakeCloud();
      for (NodeRole role : NodeRole.values()) {
        cloud.supportedActions(role, actions);
      }
      return cloud;
    }
  }
}
