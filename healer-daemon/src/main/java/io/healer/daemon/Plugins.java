package io.healer.daemon;

import io.healer.core.plugin.PluginOrigin;
import io.healer.core.plugin.PluginRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin jars of {@code --plugins DIR} and {@code HEALER_PLUGINS}: one class loader over all of
 * them, a child of the application's, so plugins see healer-api from the daemon and are found next
 * to those on the class path. Two factories claiming one type, and one plugin in two jars (two
 * copies, or two versions), are refused by {@link PluginRegistry} with both jars named.
 */
final class Plugins implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Plugins.class);

  private final List<Path> jars;
  private final URLClassLoader loader;

  private Plugins(List<Path> jars, URLClassLoader loader) {
    this.jars = jars;
    this.loader = loader;
  }

  /**
   * Opens the jars of the given directories, in name order within each.
   *
   * @throws DaemonException if a directory does not exist or cannot be listed
   */
  static Plugins open(List<Path> dirs) {
    List<Path> jars = new ArrayList<>();
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        throw new DaemonException("plugin directory " + dir + " does not exist or is not a directory");
      }
      try (Stream<Path> files = Files.list(dir)) {
        files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
            .sorted()
            .forEach(jars::add);
      } catch (IOException e) {
        throw new DaemonException("plugin directory " + dir + " cannot be listed: " + e.getMessage(), e);
      }
    }
    URL[] urls = jars.stream().map(Plugins::url).toArray(URL[]::new);
    URLClassLoader loader = new URLClassLoader("healer-plugins", urls, Plugins.class.getClassLoader());
    return new Plugins(List.copyOf(jars), loader);
  }

  /** The directories named by {@code --plugins} then {@code HEALER_PLUGINS} (a path list). */
  static List<Path> directories(List<Path> fromFlags, Map<String, String> env) {
    List<Path> dirs = new ArrayList<>(fromFlags);
    String fromEnv = env.get("HEALER_PLUGINS");
    if (fromEnv != null) {
      for (String part : fromEnv.split(java.io.File.pathSeparator)) {
        if (!part.isBlank()) {
          dirs.add(Path.of(part.trim()));
        }
      }
    }
    return dirs;
  }

  /** The jars found, in load order. */
  List<Path> jars() {
    return jars;
  }

  /**
   * Discovers the plugins on the class path and in the jars, and logs each with its type, jar and
   * version.
   *
   * @param setup applied to the builder first (plugins added by hand)
   * @throws io.healer.core.plugin.PluginException if two plugins claim the same type, or one plugin is in two
   *     jars (two copies or versions of it)
   */
  PluginRegistry registry(Consumer<PluginRegistry.Builder> setup) {
    PluginRegistry.Builder builder = PluginRegistry.builder().classLoader(loader);
    setup.accept(builder);
    PluginRegistry registry = builder.build();
    report(registry).forEach(line -> LOG.info("plugin {}", line));
    return registry;
  }

  /** One line a plugin: {@code check NodeCondition from /opt/healer/healer.jar, version 0.1.0}. */
  static List<String> report(PluginRegistry registry) {
    List<String> lines = new ArrayList<>();
    registry.checkFactoryOrigins().forEach((type, origin) -> lines.add("check " + type + " " + describe(origin)));
    registry.providerFactoryOrigins().forEach((name, origin) -> lines.add("provider " + name + " " + describe(origin)));
    registry.loadFailures().forEach(f -> lines.add("failed to load " + f));
    return lines;
  }

  static String describe(PluginOrigin origin) {
    return "from " + jarOf(origin) + ", version " + origin.implementationVersion().orElse("unknown")
        + " (" + origin.className() + (origin.addedByHand() ? ", added by hand" : "") + ")";
  }

  /** The jar's path for a {@code file:} location, else the location as it is. */
  static String jarOf(PluginOrigin origin) {
    String location = origin.location();
    if (location.startsWith("file:")) {
      try {
        return Path.of(URI.create(location)).toString();
      } catch (IllegalArgumentException e) {
        return location;
      }
    }
    return location;
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      loader.close();
    } catch (IOException e) {
      LOG.debug("closing the plugin class loader failed", e);
    }
  }
}
