package io.healer.core.plugin;

import static io.healer.core.plugin.IsolatedClassLoaders.loaderFor;
import static io.healer.core.plugin.IsolatedClassLoaders.names;
import static io.healer.core.plugin.IsolatedClassLoaders.writeServices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healer.api.check.HealthCheckFactory;
import io.healer.core.plugin.StubCheckFactories.Alpha;
import io.healer.core.plugin.StubCheckFactories.AlphaAgain;
import io.healer.core.plugin.StubCheckFactories.BlankType;
import io.healer.core.plugin.StubCheckFactories.Beta;
import io.healer.core.plugin.StubProviderFactories.OpenStack;
import io.healer.core.plugin.StubProviderFactories.OtherOpenStack;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Factories wired by hand, for embedders that do not want class-path discovery. */
class PluginRegistryManualTest {

  @TempDir
  Path root;

  @Test
  void usesFactoriesAddedByHandWithoutDiscovery() {
    Alpha alpha = new Alpha();
    OpenStack openStack = new OpenStack();

    PluginRegistry registry = PluginRegistry.builder().discover(false)
        .addCheckFactory(alpha).addProviderFactory(openStack).build();

    assertThat(registry.checkFactory("Alpha")).containsSame(alpha);
    assertThat(registry.providerFactory("openstack")).containsSame(openStack);
    assertThat(registry.checkFactoryOrigins().get("Alpha").addedByHand()).isTrue();
  }

  @Test
  void addsFactoriesByHandToTheDiscoveredOnes() throws Exception {
    writeServices(root, HealthCheckFactory.class, names(Alpha.class));

    try (URLClassLoader loader = loaderFor(root)) {
      PluginRegistry registry = PluginRegistry.builder().classLoader(loader).addCheckFactory(new Beta()).build();

      assertThat(registry.checkTypes()).containsExactly("Alpha", "Beta");
    }
  }

  @Test
  void twoFactoriesAddedByHandWithOneTypeAreRefused() {
    PluginRegistry.Builder builder = PluginRegistry.builder().discover(false)
        .addCheckFactory(new Alpha()).addCheckFactory(new AlphaAgain());

    assertThatThrownBy(builder::build)
        .isInstanceOf(PluginException.class)
        .hasMessageContaining(Alpha.class.getName())
        .hasMessageContaining(AlphaAgain.class.getName())
        .hasMessageContaining("added by hand");
  }

  @Test
  void aProviderAddedByHandMayNotClaimTheNameOfADiscoveredOne() throws Exception {
    writeServices(root, io.healer.api.cloud.CloudProviderFactory.class, names(OpenStack.class));

    try (URLClassLoader loader = loaderFor(root)) {
      PluginRegistry.Builder builder = PluginRegistry.builder().classLoader(loader)
          .addProviderFactory(new OtherOpenStack());

      assertThatThrownBy(builder::build)
          .isInstanceOf(PluginException.class)
          .hasMessageContaining(OpenStack.class.getName())
          .hasMessageContaining(OtherOpenStack.class.getName());
    }
  }

  @Test
  void anInstanceAddedByHandReplacesTheDiscoveredInstanceOfItsClass() throws Exception {
    writeServices(root, HealthCheckFactory.class, names(Alpha.class));
    Alpha configured = new Alpha();

    try (URLClassLoader loader = loaderFor(root)) {
      PluginRegistry registry = PluginRegistry.builder().classLoader(loader).addCheckFactory(configured).build();

      assertThat(registry.checkFactory("Alpha")).containsSame(configured);
    }
  }

  @Test
  void aFactoryAddedByHandWithoutTypeIsRefused() {
    PluginRegistry.Builder builder = PluginRegistry.builder().discover(false).addCheckFactory(new BlankType());

    assertThatThrownBy(builder::build)
        .isInstanceOf(PluginException.class)
        .hasMessageContaining(BlankType.class.getName())
        .hasMessageContaining("blank type");
  }

  @Test
  void twoRegistriesDoNotSharePlugins() {
    PluginRegistry first = PluginRegistry.builder().discover(false).addCheckFactory(new Alpha()).build();
    PluginRegistry second = PluginRegistry.builder().discover(false).addCheckFactory(new Beta()).build();

    assertThat(first.checkTypes()).containsExactly("Alpha");
    assertThat(second.checkTypes()).containsExactly("Beta");
  }
}
