package io.healer.core.plugin;

import io.healer.api.API;
import java.util.Objects;

/**
 * A plugin factory that {@link java.util.ServiceLoader} listed but that could not be used: its
 * class is missing or broken, its constructor threw, or it has no usable type or name. The other
 * plugins still load.
 *
 * @param service the factory interface, such as {@code io.healer.api.check.HealthCheckFactory}
 * @param className the factory's class, or {@code "unknown class"} when the error does not say
 * @param cause what went wrong
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public record PluginLoadFailure(String service, String className, Throwable cause) {

  static final String UNKNOWN_CLASS = "unknown class";

  /**
   * Validates the components.
   *
   * @param service the factory interface's name, not {@code null}
   * @param className the class's name, not {@code null}
   * @param cause the error, not {@code null}
   */
  public PluginLoadFailure {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(cause, "cause");
  }

  /** {@code com.example.Factory: java.lang.IllegalStateException: no config}. */
  @Override
  public String toString() {
    Throwable root = cause.getCause() != null && cause instanceof java.util.ServiceConfigurationError
        ? cause.getCause() : cause;
    return className + ": " + root;
  }
}
