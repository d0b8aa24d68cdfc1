package io.healer.core.plugin;

import static io.healer.core.plugin.IsolatedClassLoaders.jarLoader;
import static io.healer.core.plugin.IsolatedClassLoaders.jarsLoader;
import static io.healer.core.plugin.IsolatedClassLoaders.loaderFor;
import static io.healer.core.plugin.IsolatedClassLoaders.names;
import static io.healer.core.plugin.IsolatedClassLoaders.writeJar;
import static io.healer.core.plugin.IsolatedClassLoaders.writeServices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healer.api.check.HealthCheckFactory;
import io.healer.api.cloud.CloudProviderFactory;
import io.healer.core.plugin.StubCheckFactories.Alpha;
import io.healer.core.plugin.StubCheckFactories.AlphaAgain;
import io.healer.core.plugin.StubCheckFactories.BlankType;
import io.healer.core.plugin.StubCheckFactories.Beta;
import io.healer.core.plugin.StubCheckFactories.ThrowsInConstructor;
import io.healer.core.plugin.StubProviderFactories.OpenStack;
import io.healer.core.plugin.StubProviderFactories.OtherOpenStack;
import io.healer.core.plugin.StubProviderFactories.Webhook;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link PluginRegistry} finds factories, survives broken ones and refuses clashes. */
class PluginRegistryDiscoveryTest {

  @TempDir
  Path root;

  private PluginRegistry discover(URLClassLoader loader) {
    return PluginRegistry.builder().classLoader(loader).build();
  }

  private static String location(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation().toString();
  }

  @Nested
  class Discovery {

    @Test
    void findsNothingWhenNoPluginIsInstalled() throws Exception {
      try (URLClassLoader loader = loaderFor(root)) {
        PluginRegistry registry = discover(loader);

        assertThat(registry.checkTypes()).isEmpty();
        assertThat(registry.providerNames()).isEmpty();
        assertThat(registry.loadFailures()).isEmpty();
      }
    }

    @Test
    void findsTheFactoriesListedInServicesFiles() throws Exception {
      writeServices(root, HealthCheckFactory.class, names(Beta.class, Alpha.class));
      writeServices(root, CloudProviderFactory.class, names(OpenStack.class, Webhook.class));

      try (URLClassLoader loader = loaderFor(root)) {
        PluginRegistry registry = discover(loader);

        assertThat(registry.checkTypes()).containsExactly("Alpha", "Beta");
        assertThat(registry.providerNames()).containsExactly("openstack", "webhook");
        assertThat(registry.checkFactory("Alpha")).get().isInstanceOf(Alpha.class);
        assertThat(registry.providerFactory("webhook")).get().isInstanceOf(Webhook.class);
      }
    }

    @Test
    void reportsWhereEachFactoryCameFrom() throws Exception {
      writeServices(root, HealthCheckFactory.class, names(Alpha.class));

      try (URLClassLoader loader = loaderFor(root)) {
        PluginOrigin origin = discover(loader).checkFactoryOrigins().get("Alpha");

        assertThat(origin.className()).isEqualTo(Alpha.class.getName());
        assertThat(origin.location()).isEqualTo(location(Alpha.class));
        assertThat(origin.addedByHand()).isFalse();
      }
    }

    @Test
    void reportsTheJarOfAFactoryAndItsImplementationVersion() throws Exception {
      Path jar = root.resolve("versioned-check-1.2.3.jar");

      try (URLClassLoader loader = jarLoader(jar, HealthCheckFactory.class, VersionedCheckFactory.class, "1.2.3")) {
        PluginOrigin origin = discover(loader).checkFactoryOrigins().get("Versioned");

        assertThat(origin.location()).isEqualTo(jar.toUri().toURL().toString());
        assertThat(origin.implementationVersion()).contains("1.2.3");
        assertThat(origin.toString()).contains("versioned-check-1.2.3.jar", "version 1.2.3");
      }
    }

    @Test
    void usesTheThreadsContextClassLoaderByDefault() throws Exception {
      writeServices(root, HealthCheckFactory.class, names(Alpha.class));
      Thread thread = Thread.currentThread();
      ClassLoader before = thread.getContextClassLoader();

      try (URLClassLoader loader = loaderFor(root)) {
        thread.setContextClassLoader(loader);
        assertThat(PluginRegistry.builder().build().checkTypes()).containsExactly("Alpha");
      } finally {
        thread.setContextClassLoader(before);
      }
    }

    @Test
    void canBeSwitchedOff() throws Exception {
      writeServices(root, HealthCheckFactory.class, names(Alpha.class));

      try (URLClassLoader loader = loaderFor(root)) {
        PluginRegistry registry = PluginRegistry.builder().discover(false).classLoader(loader).build();

        assertThat(registry.checkTypes()).isEmpty();
      }
    }
  }

  @Nested
  class BrokenPlugins {

    @Test
    void aFactoryThatThrowsInItsConstructorIsReportedAndTheOthersStillLoad() throws Exception {
      writeServices(root, HealthCheckFactory.class, names(Alpha.class, ThrowsInConstructor.class, Beta.class));

      try (URLClassLoader loader = loaderFor(root)) {
        PluginRegistry registry = discover(loader);

        assertThat(registry.checkTypes()).containsExactly("Alpha", "Beta");
        assertThat(registry.loadFailures()).singleElement().satisfies(failure -> {
          assertThat(failure.service()).isEqualTo(HealthCheckFactory.class.getName());
          assertThat(failure.className()).isEqualTo(ThrowsInConstructor.class.getName());
          assertThat(failure.cause()).hasRootCauseInstanceOf(IllegalStateException.class)
              .hasRootCauseMessage("plugin misconfigured");
          assertThat(failure.toString()).contains(ThrowsInConstructor.class.getName(), "plugin misconfigured");
        });
      }
    }

    @Test
    void aListedClassThatDoesNotExistIsReportedWithItsNameAndTheOthersStillLoad() throws Exception {
      writeServices(root, HealthCheckFactory.class, "com.example.MissingCheckFactory", Alpha.class.getName());

      try (URLClassLoader loader = loaderFor(root)) {
        PluginRegistry registry = discover(loader);

        assertThat(registry.checkTypes()).containsExactly("Alpha");
        assertThat(registry.loadFailures()).extracting(PluginLoadFailure::className)
            .containsExactly("com.example.MissingCheckFactory");
      }
    }

    @Test
    void aListedClassThatIsNoFactoryIsReported() throws Exception {
      writeServices(root, HealthCheckFactory.class, Webhook.class.getName(), Beta.class.getName());

      try (URLClassLoader loader = loaderFor(root)) {
        PluginRegistry registry = discover(loader);

        assertThat(registry.checkTypes()).containsExactly("Beta");
        assertThat(registry.loadFailures()).extracting(PluginLoadFailure::className)
            .containsExactly(Webhook.class.getName());
      }
    }

    @Test
    void aFactoryWithABlankTypeIsReported() throws Exception {
      writeServices(root, HealthCheckFactory.class, names(BlankType.class, Alpha.class));

      try (URLClassLoader loader = loaderFor(root)) {
        PluginRegistry registry = discover(loader);

        assertThat(registry.checkTypes()).containsExactly("Alpha");
        assertThat(registry.loadFailures()).singleElement()
            .satisfies(f -> assertThat(f.cause()).hasMessageContaining("blank type"));
      }
    }
  }

  @Nested
  class Clashes {

    @Test
    void twoCheckFactoriesWithOneTypeFailStartupNamingBothClassesAndJars() throws Exception {
      writeServices(root, HealthCheckFactory.class, names(Alpha.class, AlphaAgain.class));

      try (URLClassLoader loader = loaderFor(root)) {
        assertThatThrownBy(() -> discover(loader))
            .isInstanceOf(PluginException.class)
            .hasMessageContaining("check type 'Alpha'")
            .hasMessageContaining(Alpha.class.getName())
            .hasMessageContaining(AlphaAgain.class.getName())
            .hasMessageContaining(location(Alpha.class));
      }
    }

    @Test
    void twoProviderFactoriesWithOneNameFailStartupNamingBothClasses() throws Exception {
      writeServices(root, CloudProviderFactory.class, names(OpenStack.class, OtherOpenStack.class));

      try (URLClassLoader loader = loaderFor(root)) {
        assertThatThrownBy(() -> discover(loader))
            .isInstanceOf(PluginException.class)
            .hasMessageContaining("cloud provider name 'openstack'")
            .hasMessageContaining(OpenStack.class.getName())
            .hasMessageContaining(OtherOpenStack.class.getName());
      }
    }

    @Test
    void everyClashIsReportedAtOnce() throws Exception {
      writeServices(root, HealthCheckFactory.class, names(Alpha.class, AlphaAgain.class));
      writeServices(root, CloudProviderFactory.class, names(OpenStack.class, OtherOpenStack.class));

      try (URLClassLoader loader = loaderFor(root)) {
        assertThatThrownBy(() -> discover(loader))
            .hasMessageContaining("check type 'Alpha'")
            .hasMessageContaining("cloud provider name 'openstack'");
      }
    }

    @Test
    void twoCopiesOfOnePluginFailStartupNamingBothJars() throws Exception {
      Path first = writeJar(root.resolve("versioned-check.jar"), HealthCheckFactory.class, VersionedCheckFactory.class, "1.2.3");
      Path copy = writeJar(root.resolve("versioned-check-copy.jar"), HealthCheckFactory.class, VersionedCheckFactory.class,
          "1.2.3");

      try (URLClassLoader loader = jarsLoader(VersionedCheckFactory.class, first, copy)) {
        assertThatThrownBy(() -> discover(loader))
            .isInstanceOf(PluginException.class)
            .hasMessageContaining("the check type 'Versioned' (" + VersionedCheckFactory.class.getName() + ") is in 2 jars")
            .hasMessageContaining("versioned-check.jar, version 1.2.3 and ")
            .hasMessageContaining("versioned-check-copy.jar, version 1.2.3");
      }
    }

    @Test
    void twoVersionsOfOnePluginFailStartupNamingBothJarsAndVersions() throws Exception {
      Path older = writeJar(root.resolve("versioned-check-1.0.0.jar"), HealthCheckFactory.class,
          VersionedCheckFactory.class, "1.0.0");
      Path newer = writeJar(root.resolve("versioned-check-1.1.0.jar"), HealthCheckFactory.class,
          VersionedCheckFactory.class, "1.1.0");

      try (URLClassLoader loader = jarsLoader(VersionedCheckFactory.class, older, newer)) {
        assertThatThrownBy(() -> discover(loader))
            .isInstanceOf(PluginException.class)
            .hasMessageContaining("two copies or two versions of one plugin")
            .hasMessageContaining(older.toUri().toURL() + ", version 1.0.0")
            .hasMessageContaining(newer.toUri().toURL() + ", version 1.1.0");
      }
    }

    @Test
    void twoCopiesOfOneProviderFailStartupNamingBothJars() throws Exception {
      Path first = writeJar(root.resolve("webhook-a.jar"), CloudProviderFactory.class, Webhook.class, "2.0");
      Path second = writeJar(root.resolve("webhook-b.jar"), CloudProviderFactory.class, Webhook.class, "2.1");

      try (URLClassLoader loader = jarsLoader(Webhook.class, first, second)) {
        assertThatThrownBy(() -> discover(loader))
            .isInstanceOf(PluginException.class)
            .hasMessageContaining("the cloud provider name 'webhook'")
            .hasMessageContaining("webhook-a.jar, version 2.0")
            .hasMessageContaining("webhook-b.jar, version 2.1");
      }
    }

    @Test
    void oneCopyInAJarIsNoClash() throws Exception {
      Path only = writeJar(root.resolve("versioned-check.jar"), HealthCheckFactory.class, VersionedCheckFactory.class, "1.2.3");

      try (URLClassLoader loader = jarsLoader(VersionedCheckFactory.class, only, only)) {
        assertThat(discover(loader).checkTypes()).containsExactly("Versioned");
      }
    }
  }
}
