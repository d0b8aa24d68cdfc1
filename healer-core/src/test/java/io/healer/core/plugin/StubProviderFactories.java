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

  /**
   * A factory of one name whose providers say which factory made them. Public with a protected
   * constructor: a test defines a subclass from a jar of its own, in another runtime package.
   */
  public abstract static class Named implements CloudProviderFactory {
    private final String name;

    protected Named(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public CloudProvider create(Settings settings, String clusterName) {
      return new CreatedProvider(getClass().getSimpleName(), settings, clusterName);
    }
  }

  /** Name {@code openstack}. */
  public static final class OpenStack extends Named {
    public OpenStack() {
      super("openstack");
    }
  }

  /** Also claims {@code openstack}. */
  public static final class OtherOpenStack extends Named {
    public OtherOpenStack() {
      super("openstack");
    }
  }

  /** Name {@code webhook}. */
  public static final class Webhook extends Named {
    public Webhook() {
      super("webhook");
    }
  }

  /** Name {@code strict}: accepts only a {@code url}. */
  public static final class Strict extends Named {
    public Strict() {
      super("strict");
    }

    @Override
    public CloudProvider create(Settings settings, String clusterName) {
      settings.requireOnlyKeys(List.of("url"));
      return super.create(settings, clusterName);
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
