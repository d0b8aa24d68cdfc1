package io.healer.core.plugin;

import static io.healer.core.plugin.IsolatedClassLoaders.loaderFor;
import static io.healer.core.plugin.IsolatedClassLoaders.names;
import static io.healer.core.plugin.IsolatedClassLoaders.writeServices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.CloudProviderFactory;
import io.healer.api.config.ConfigException;
import io.healer.api.config.ConfigProblem;
import io.healer.core.config.ConfigLoader;
import io.healer.core.config.HealerConfig;
import io.healer.core.plugin.StubProviderFactories.Broken;
import io.healer.core.plugin.StubProviderFactories.CreatedProvider;
import io.healer.core.plugin.StubProviderFactories.OpenStack;
import io.healer.core.plugin.StubProviderFactories.Strict;
import io.healer.core.plugin.StubProviderFactories.Webhook;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PluginRegistry#createProvider}: the provider named in config.yaml, never the first one found. */
class PluginRegistryProviderTest {

  private final PluginRegistry registry = PluginRegistry.builder().discover(false)
      .addProviderFactory(new Webhook()).addProviderFactory(new OpenStack())
      .addProviderFactory(new Strict()).addProviderFactory(new Broken())
      .build();

  private static HealerConfig config(String yaml) {
    return ConfigLoader.parse("cluster-name: 5f8a7e2c\n" + yaml, "test.yaml");
  }

  @Test
  void choosesTheProviderByNameNotByClassPathOrder(@TempDir Path root) throws Exception {
    writeServices(root, CloudProviderFactory.class, names(Webhook.class, OpenStack.class));

    try (URLClassLoader loader = loaderFor(root)) {
      PluginRegistry discovered = PluginRegistry.builder().classLoader(loader).build();

      assertThat(discovered.createProvider(config("")))
          .isInstanceOfSatisfying(CreatedProvider.class, p -> assertThat(p.madeBy()).isEqualTo("OpenStack"));
      assertThat(discovered.createProvider(config("cloud-provider: webhook\n")))
          .isInstanceOfSatisfying(CreatedProvider.class, p -> assertThat(p.madeBy()).isEqualTo("Webhook"));
    }
  }

  @Test
  void handsTheProviderItsBlockAndTheClusterName() {
    CloudProvider provider = registry.createProvider(config("openstack:\n  region: RegionOne\n"));

    assertThat(provider).isInstanceOfSatisfying(CreatedProvider.class, p -> {
      assertThat(p.clusterName()).isEqualTo("5f8a7e2c");
      assertThat(p.settings().path()).isEqualTo("openstack");
      assertThat(p.settings().string("region")).contains("RegionOne");
    });
  }

  @Test
  void settingsBuiltInCodeAreNamedAfterTheProvider() {
    HealerConfig config = HealerConfig.builder("prod").cloudProvider("strict")
        .cloudSettings(io.healer.api.config.Settings.of(Map.of("uri", "x"))).build();

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> registry.createProvider(config));

    assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly("strict.uri");
  }

  @Test
  void aProviderThatIsNotInstalledIsReportedWithTheInstalledNames() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> registry.createProvider(config("cloud-provider: opnestack\n")));

    ConfigProblem problem = e.problems().get(0);
    assertThat(problem.key()).isEqualTo("cloud-provider");
    assertThat(problem.value()).contains("opnestack");
    assertThat(problem.allowed())
        .contains("did you mean 'openstack'?")
        .contains("installed: broken, openstack, strict, webhook");
  }

  @Test
  void withNoProviderInstalledSaysHowToInstallOne() {
    PluginRegistry empty = PluginRegistry.builder().discover(false).build();

    assertThatThrownBy(() -> empty.createProvider(config("")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("none is installed")
        .hasMessageContaining("healer-provider-magnum");
  }

  @Test
  void theProvidersOwnConfigProblemsPassThrough() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> registry.createProvider(config("cloud-provider: strict\nstrict:\n  url: x\n  timeout: 5s\n")));

    assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly("strict.timeout");
  }

  @Test
  void aProviderThatFailsToStartIsAPluginExceptionNamingIt() {
    assertThatThrownBy(() -> registry.createProvider(config("cloud-provider: broken\n")))
        .isInstanceOf(PluginException.class)
        .hasMessageContaining("'broken'")
        .hasMessageContaining(Broken.class.getName())
        .hasCauseInstanceOf(IllegalStateException.class);
  }
}
