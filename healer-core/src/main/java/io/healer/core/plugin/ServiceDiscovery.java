package io.healer.core.plugin;

import java.util.ArrayList;
import java.util.List;
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

  private static String classNameIn(Throwable e) {
    if (!(e instanceof ServiceConfigurationError) || e.getMessage() == null) {
      return PluginLoadFailure.UNKNOWN_CLASS;
    }
    Matcher m = CLASS_NAME.matcher(e.getMessage());
    return m.find() ? m.group(1) : PluginLoadFailure.UNKNOWN_CLASS;
  }
}
