package io.healer.core.plugin;

import io.healer.api.API;
import java.net.URL;
import java.security.CodeSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a plugin factory came from, for logs and for a CLI that lists the plugins.
 *
 * @param className the factory's class
 * @param location the jar or directory the class was loaded from, or {@code "unknown location"}
 * @param version the {@code Implementation-Version} of that jar's manifest, or {@code null}
 * @param addedByHand whether an embedder registered it through {@link PluginRegistry.Builder}
 *     rather than {@link java.util.ServiceLoader} finding it
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public record PluginOrigin(String className, String location, String version, boolean addedByHand) {

  static final String UNKNOWN_LOCATION = "unknown location";

  /**
   * Validates the components.
   *
   * @param className the class, not {@code null}
   * @param location the location, not {@code null}
   * @param version the version, or {@code null}
   * @param addedByHand whether it was added by hand
   */
  public PluginOrigin {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(location, "location");
  }

  /** Describes the class's origin. */
  static PluginOrigin of(Class<?> type, boolean addedByHand) {
    Package pkg = type.getPackage();
    return new PluginOrigin(type.getName(), location(type), pkg == null ? null : pkg.getImplementationVersion(),
        addedByHand);
  }

  /**
   * The {@code Implementation-Version} of the jar, if its manifest has one.
   *
   * @return the version, or empty
   */
  public Optional<String> implementationVersion() {
    return Optional.ofNullable(version);
  }

  private static String location(Class<?> type) {
    try {
      CodeSource source = type.getProtectionDomain().getCodeSource();
      URL url = source == null ? null : source.getLocation();
      return url == null ? UNKNOWN_LOCATION : url.toString();
    } catch (SecurityException e) {
      return UNKNOWN_LOCATION;
    }
  }

  /** {@code com.example.Factory (file:/opt/healer/lib/example.jar, version 1.2)}. */
  @Override
  public String toString() {
    return className + " (" + location + (version == null ? "" : ", version " + version)
        + (addedByHand ? ", added by hand" : "") + ")";
  }
}
