package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.check.HealthCheckFactory;
import io.healer.api.cloud.CloudProviderFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin jars built during the test: compiled against healer-api, with a services file and a version. */
class PluginDirectoryTest {

  @TempDir
  Path tmp;

  @Test
  void findsACheckInADirectoryOfJarsAndReportsItsTypeJarAndVersion() throws Exception {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    Path jar = pluginJar(plugins, "greeting.jar", "com.example.one", "Greeting", "1.2.3");

    Cli.Result result = new Cli().withOpenStackProvider()
        .run("validate", "--config", config("Greeting").toString(), "--plugins", plugins.toString(), "-v", "2");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("healthcheck.worker              Greeting (unhealthy after 5m)");
    assertThat(result.err()).contains("plugin check Greeting from " + jar + ", version 1.2.3"
        + " (com.example.one.GreetingFactory)");
  }

  @Test
  void healerPluginsNamesDirectoriesToo() throws Exception {
    Path plugins = Files.createDirectories(tmp.resolve("env-plugins"));
    pluginJar(plugins, "greeting.jar", "com.example.one", "Greeting", "1.2.3");

    Cli.Result result = new Cli().withOpenStackProvider().env(Map.of("HEALER_PLUGINS", plugins.toString()))
        .run("validate", "--config", config("Greeting").toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
  }

  @Test
  void twoJarsClaimingOneTypeIsAnErrorNamingBothJars() throws Exception {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    Path first = pluginJar(plugins, "a-greeting.jar", "com.example.one", "Greeting", "1.0");
    Path second = pluginJar(plugins, "b-greeting.jar", "com.example.two", "Greeting", "2.0");

    Cli.Result result = new Cli().withOpenStackProvider()
        .run("validate", "--config", config("Greeting").toString(), "--plugins", plugins.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("the check type 'Greeting' is claimed by")
        .contains(first + ", version 1.0").contains(second + ", version 2.0");
  }

  @Test
  void twoVersionsOfOnePluginStopTheStartNamingBothJars() throws Exception {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    Path older = pluginJar(plugins, "greeting-1.0.jar", "com.example.one", "Greeting", "1.0");
    Path newer = pluginJar(plugins, "greeting-1.1.jar", "com.example.one", "Greeting", "1.1");

    Cli.Result result = new Cli().withOpenStackProvider()
        .run("validate", "--config", config("Greeting").toString(), "--plugins", plugins.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("the check type 'Greeting' (com.example.one.GreetingFactory) is in 2 jars")
        .contains(older + ", version 1.0").contains(newer + ", version 1.1");
  }

  @Test
  void theSamePluginInTwoDirectoriesStopsTheStartNamingBothJars() throws Exception {
    Path first = pluginJar(Files.createDirectories(tmp.resolve("plugins")), "greeting.jar", "com.example.one",
        "Greeting", "1.0");
    Path copy = Files.copy(first, Files.createDirectories(tmp.resolve("more-plugins")).resolve("greeting.jar"));

    Cli.Result result = new Cli().withOpenStackProvider()
        .env(Map.of("HEALER_PLUGINS", copy.getParent().toString()))
        .run("validate", "--config", config("Greeting").toString(), "--plugins", first.getParent().toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("is in 2 jars").contains(first + ", version 1.0").contains(copy + ", version 1.0");
  }

  @Test
  void checkJudgesTheNodesWithACheckFromThePluginsDirectory() throws Exception {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    pluginJar(plugins, "greeting.jar", "com.example.one", "Greeting", "1.2.3");
    FakeConnector fake = new FakeConnector();

    Cli.Result result = new Cli().connector(fake)
        .run("check", "--config", config("Greeting").toString(), "--plugins", plugins.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).containsPattern("worker-1 +worker +Greeting +healthy")
        .containsPattern("worker-3 +worker +Greeting +healthy");
    assertThat(fake.cloud.requests()).isEmpty();
  }

  @Test
  void validateReportsATypoInAPluginProvidersBlockThroughItsFactorysValidate() throws Exception {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    Path jar = providerJar(plugins, "tiny-cloud.jar", "4.5.6");
    Path file = tmp.resolve("provider.yaml");
    Files.writeString(file, "cluster-name: c\ncloud-provider: tiny\ntiny:\n  ulr: https://cloud.example.com\n");

    Cli.Result result = new Cli().run("validate", "--config", file.toString(), "--plugins", plugins.toString());

    assertThat(result.exitCode()).as(result.out()).isEqualTo(2);
    assertThat(result.err()).contains("tiny.ulr: unknown key (did you mean 'url'?)");

    Files.writeString(file, "cluster-name: c\ncloud-provider: tiny\ntiny:\n  url: https://cloud.example.com\n");
    Cli.Result valid = new Cli().run("validate", "--config", file.toString(), "--plugins", plugins.toString());

    assertThat(valid.exitCode()).as(valid.err()).isZero();
    assertThat(valid.out()).contains("cloud-provider                  tiny from " + jar + ", version 4.5.6"
        + " (com.example.tiny.TinyCloudFactory)");
  }

  @Test
  void aPluginDirectoryThatDoesNotExistIsAnError() throws Exception {
    Cli.Result result = new Cli()
        .run("validate", "--config", config("NodeCondition").toString(), "--plugins", tmp.resolve("nope").toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("plugin directory " + tmp.resolve("nope") + " does not exist");
  }

  private Path config(String workerCheck) throws IOException {
    Path file = tmp.resolve("config.yaml");
    Files.writeString(file, "cluster-name: c\nhealthcheck:\n  worker:\n    - type: " + workerCheck + "\n"
        + "openstack:\n  auth-url: https://keystone.example.com:5000/v3\n  user-id: u1\n  password: p\n"
        + "  project-id: p1\n  region: RegionOne\n");
    return file;
  }

  /** Compiles a factory of the given type into a jar with its services file and Implementation-Version. */
  private Path pluginJar(Path dir, String name, String pkg, String type, String version) throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src-" + pkg).resolve(pkg.replace('.', '/')));
    Path classes = Files.createDirectories(tmp.resolve("classes-" + pkg));
    Files.writeString(src.resolve("GreetingFactory.java"), """
        package %s;

        public final class GreetingFactory implements io.healer.api.check.HealthCheckFactory {
          public String type() { return "%s"; }
          public io.healer.api.check.HealthCheck create(io.healer.api.config.Settings settings) {
            return (node, context) -> io.healer.api.Verdict.healthy();
          }
        }
        """.formatted(pkg, type));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status = javac.run(null, null, null, "--release", "17", "-d", classes.toString(),
        "-cp", jarOf(HealthCheckFactory.class), src.resolve("GreetingFactory.java").toString());
    assertThat(status).as("javac").isZero();

    return jar(dir.resolve(name), classes, version, "META-INF/services/" + HealthCheckFactory.class.getName(),
        pkg + ".GreetingFactory\n");
  }

  /**
   * A provider plugin, {@code cloud-provider: tiny}, whose block has one key, {@code url}; its
   * factory's validate() checks the keys, as create() does.
   */
  private Path providerJar(Path dir, String name, String version) throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src-tiny/com/example/tiny"));
    Path classes = Files.createDirectories(tmp.resolve("classes-tiny"));
    Files.writeString(src.resolve("TinyCloudFactory.java"), """
        package com.example.tiny;

        import io.healer.api.cloud.*;
        import io.healer.api.config.*;
        import java.util.List;

        public final class TinyCloudFactory implements CloudProviderFactory {
          public String name() { return "tiny"; }
          public List<ConfigProblem> validate(Settings settings) {
            try {
              settings.requireOnlyKeys(List.of("url"));
              settings.requiredString("url");
              return List.of();
            } catch (ConfigException e) {
              return e.problems();
            }
          }
          public CloudProvider create(Settings settings, String clusterName) {
            settings.requireOnlyKeys(List.of("url"));
            settings.requiredString("url");
            return request -> request.targets().stream()
                .map(t -> RepairResult.notSupported(t.node().name(), "tiny repairs nothing")).toList();
          }
        }
        """);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status = javac.run(null, null, null, "--release", "17", "-d", classes.toString(),
        "-cp", jarOf(HealthCheckFactory.class), src.resolve("TinyCloudFactory.java").toString());
    assertThat(status).as("javac").isZero();
    return jar(dir.resolve(name), classes, version,
        "META-INF/services/" + CloudProviderFactory.class.getName(), "com.example.tiny.TinyCloudFactory\n");
  }

  /** A jar of the classes, with a services file and a manifest giving the Implementation-Version. */
  private static Path jar(Path jar, Path classes, String version, String servicesFile, String services)
      throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry(servicesFile));
      write(out, services);
      out.closeEntry();
    }
    return jar;
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The jar a class was loaded from: surefire's class path may be a manifest-only jar. */
  private static String jarOf(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

}
