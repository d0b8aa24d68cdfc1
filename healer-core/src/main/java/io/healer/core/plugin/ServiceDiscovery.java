package io.healer.core.plugin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Spliterator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the implementations of one service with {@link ServiceLoader} and survives broken ones: a
 * class that is missing, not an implementation, or whose constructor throws becomes a {@link
 * PluginLoadFailure}, and the search goes on with the next.
 */
final class ServiceDiscovery {

  // A stream's spliterator, unlike its iterator, may be advanced again after it threw: the
  // ServiceLoader has already moved past the broken entry. The cap only guards against a loader
  // that keeps failing on the same entry.
  private static final int MAX_FAILURES = 1_000;

  // ServiceConfigurationError messages read "<service>: Provider <class> not found" and the like.
  private static final Pattern CLASS_NAME =
      Pattern.compile(":\\s+(?:Provider\\s+)?([A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)+)");

  private ServiceDiscovery() {}

  /** An instance and its class, since a failure must name the class. */
  record Found<S>(S instance, Class<?> type) {}

  /**
   * @param service the service interface
   * @param loader where to look
   * @param failures receives one entry per implementation that could not be used
   * @return the instances that could be created, in the loader's order
   */
  static <S> List<Found<S>> load(Class<S> service, ClassLoader loader, List<PluginLoadFailure> failures) {
    Spliterator<ServiceLoader.Provider<S>> providers = ServiceLoader.load(service, loader).stream().spliterator();
    List<ServiceLoader.Provider<S>> listed = new ArrayList<>();
    int failed = 0;
    while (failed < MAX_FAILURES) {
      try {
        if (!providers.tryAdvance(listed::add)) {
          break;
        }
      } catch (ServiceConfigurationError | LinkageError e) {
        failures.add(new PluginLoadFailure(service.getName(), classNameIn(e), e));
        failed++;
      }
    }
    List<Found<S>> found = new ArrayList<>(listed.size());
    for (ServiceLoader.Provider<S> provider : listed) {
      try {
        found.add(new Found<>(provider.get(), provider.type()));
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        failures.add(new PluginLoadFailure(service.getName(), provider.type().getName(), e));
      }
    }
    return found;
  }

  /**
   * Where each class is listed as an implementation of the service: the jar (or directory) of every
   * services file that names it, in the loader's order. {@link ServiceLoader} loads a class listed
   * in two jars once, from the first, and says nothing, so two copies or two versions of one
   * plugin would go unnoticed without this.
   *
   * @return the locations by class name, each a URL such as {@code file:/opt/healer/plugins/a.jar};
   *     a services file that cannot be read is left out (loading it reports the problem)
   */
  static Map<String, Set<String>> listings(Class<?> service, ClassLoader loader) {
    String resource = "META-INF/services/" + service.getName();
    Map<String, Set<String>> listed = new LinkedHashMap<>();
    List<URL> files;
    try {
      files = Collections.list(loader.getResources(resource));
    } catch (IOException e) {
      return listed;
    }
    for (URL file : files) {
      String location = locationOf(file, resource);
      for (String className : classNamesIn(file)) {
        listed.computeIfAbsent(className, c -> new LinkedHashSet<>()).add(location);
      }
    }
    return listed;
  }

  /**
   * The {@code Implementation-Version} in the manifest of the jar at a location as {@link
   * #listings} gives it, or {@code null} when it has none or is not a jar.
   */
  static String implementationVersion(String location) {
    if (!location.endsWith(".jar")) {
      return null;
    }
    try {
      URLConnection connection = new URL("jar:" + location + "!/").openConnection();
      connection.setUseCaches(false); // a cached JarFile would keep the jar open after the loader closes
      Manifest manifest = ((JarURLConnection) connection).getManifest();
      return manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
    } catch (IOException | ClassCastException e) {
      return null;
    }
  }

  /** {@code jar:file:/a.jar!/META-INF/services/X} is {@code file:/a.jar}; a directory's keeps its path. */
  private static String locationOf(URL file, String resource) {
    String url = file.toString();
    if (url.startsWith("jar:") && url.endsWith("!/" + resource)) {
      return url.substring("jar:".length(), url.length() - resource.length() - 2);
    }
    return url.endsWith(resource) ? url.substring(0, url.length() - resource.length()) : url;
  }

  /** The class names of one services file: one a line, {@code #} starting a comment. */
  private static List<String> classNamesIn(URL file) {
    List<String> names = new ArrayList<>();
    try {
      URLConnection connection = file.openConnection();
      connection.setUseCaches(false);
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          int comment = line.indexOf('#');
          String name = (comment >= 0 ? line.substring(0, comment) : line).strip();
          if (!name.isEmpty()) {
            names.add(name);
          }
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    return names;
  }

  private static String classNameIn(Throwable e) {
    if (!(e instanceof ServiceConfigurationError) || e.getMessage() == null) {
      return PluginLoadFailure.UNKNOWN_CLASS;
    }
    Matcher m = CLASS_NAME.matcher(e.getMessage());
    return m.find() ? m.group(1) : PluginLoadFailure.UNKNOWN_CLASS;
  }
}
