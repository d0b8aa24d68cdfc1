package io.healer.core.plugin;

import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.CloudProviderFactory;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.config.Settings;
import java.util.List;

/**
 * Cloud provider factories for the registry's tests; public for {@link java.util.ServiceLoader}.
 */
public final class StubProviderFactories {

  private StubProviderFactories() {}

  /** A provider that says which factory made it, and with what. */
  public record CreatedProvider(String madeBy, Settings settings, String clusterName) implements CloudProvider {
    @Override
    public List<RepairResult> repair(RepairRequest request) {
      return List.of();
    }
  }

  /** Name {@code openstack}. */
  public static final class OpenStack implements CloudProviderFactory {
    @Override
    public String name() {
      return "openstack";
    }

    @Override
    public CloudProvider create(Settings settings, String clusterName) {
      return new CreatedProvider(getClass().getSimpleName(), settings, clusterName);
    }
  }

  /** Also claims {@code openstack}. */
  public static final class OtherOpenStack implements CloudProviderFactory {
    @Override
    public String name() {
      return "openstack";
    }

    @Override
    public CloudProvider create(Settings settings, String clusterName) {
      return new CreatedProvider(getClass().getSimpleName(), settings, clusterName);
    }
  }

  /** Name {@code webhook}. */
  public static final class Webhook implements CloudProviderFactory {
    @Override
    public String name() {
      return "webhook";
    }

    @Override
    public CloudProvider create(Settings settings, String clusterName) {
      return new CreatedProvider(getClass().getSimpleName(), settings, clusterName);
    }
  }

  /** Name {@code strict}: accepts only a {@code url}. */
  public static final class Strict implements CloudProviderFactory {
    @Override
    public String name() {
      return "strict";
    }

    @Override
    public CloudProvider create(Settings settings, String clusterName) {
      settings.requireOnlyKeys(List.of("url"));
      return new CreatedProvider(getClass().getSimpleName(), settings, clusterName);
    }
  }

  /** Name {@code broken}: fails to start. */
  public static final class Broken implements CloudProviderFactory {
    @Override
    public String name() {
      return "broken";
    }

    @Override
    public CloudProvider create(Settings settings, String clusterName) {
      throw new IllegalStateException("cannot reach keystone");
    }
  }
}
