package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.check.HealthCheckFactory;
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

    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
    Path jar = dir.resolve(name);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("META-INF/services/" + HealthCheckFactory.class.getName()));
      write(out, pkg + ".GreetingFactory\n");
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
