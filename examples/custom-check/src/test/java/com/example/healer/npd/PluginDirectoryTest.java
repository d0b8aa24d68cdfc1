package com.example.healer.npd;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.core.plugin.PluginRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin is found where healer looks for plugins: on the class path, and in a plugins
 * directory (the daemon's {@code --plugins DIR} loads every jar there the same way: one class
 * loader over the jars, healer's own classes as its parent).
 */
class PluginDirectoryTest {

  @TempDir Path plugins;

  @Test
  void isFoundOnTheClassPath() {
    PluginRegistry registry = PluginRegistry.builder().build();

    assertThat(registry.checkTypes()).contains("NodeProblem");
  }

  @Test
  void isFoundInAPluginsDirectory() throws Exception {
    Path classes = classesDirectory();
    Path jar = plugins.resolve("healer-npd-check.jar");
    writeJar(classes, jar);
    ClassLoader healerOnly = new HidingClassLoader(getClass().getClassLoader(), classes);

    PluginRegistry without = PluginRegistry.builder().classLoader(healerOnly).build();
    try (URLClassLoader withPlugins = new URLClassLoader(new URL[] {jar.toUri().toURL()}, healerOnly)) {
      PluginRegistry with = PluginRegistry.builder().classLoader(withPlugins).build();

      assertThat(without.checkTypes()).doesNotContain("NodeProblem");
      assertThat(without.loadFailures()).as("the services file must be hidden along with the classes").isEmpty();
      assertThat(with.checkTypes()).contains("NodeProblem");
      assertThat(with.checkFactoryOrigins().get("NodeProblem").location()).endsWith("healer-npd-check.jar");
    }
  }

  /** Where this module's compiled classes (and the services file @AutoService wrote) are. */
  private static Path classesDirectory() throws URISyntaxException {
    return Path.of(NodeProblemCheckFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** The jar {@code mvn package} would make, built here so the test does not depend on the phase. */
  private static void writeJar(Path classes, Path jar) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
      for (Path file : files) {
        jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, jarOut);
        jarOut.closeEntry();
      }
    }
  }

  /**
   * The test's class loader without this module's classes: healer and its SPI as the daemon has
   * them, so the SPI types the plugin implements are the ones the registry asks for.
   */
  private static final class HidingClassLoader extends ClassLoader {
    private final String hidden;

    HidingClassLoader(ClassLoader parent, Path hidden) throws IOException {
      super("healer-only", parent);
      // Compared as URL text: the loader's URLs are file:/..., not the file:///... of Path.toUri().
      this.hidden = hidden.toUri().toURL().toString();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith(NodeProblemCheckFactory.class.getPackageName() + ".")) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
      URL url = super.getResource(name);
      return url != null && url.toString().startsWith(hidden) ? null : url;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      List<URL> visible = Collections.list(super.getResources(name)).stream()
          .filter(url -> !url.toString().startsWith(hidden))
          .toList();
      return Collections.enumeration(visible);
    }
  }
}
