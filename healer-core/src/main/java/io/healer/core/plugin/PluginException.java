package io.healer.core.plugin;

import io.healer.api.API;

/**
 * The installed plugins cannot work together: two factories claim the same check type or provider
 * name, a factory added by hand is broken, or the configured cloud provider failed to start for a
 * reason other than its configuration.
 *
 * <p>Problems an operator fixes in config.yaml (an unknown check type, a provider name that is not
 * installed, bad params) are {@link io.healer.api.config.ConfigException}s instead; this exception
 * is for what is fixed on the class path or in the plugin's code.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public final class PluginException extends RuntimeException {

  /**
   * @param message what is wrong, naming the classes and jars involved
   */
  public PluginException(String message) {
    super(message);
  }

  /**
   * @param message what is wrong, naming the classes and jars involved
   * @param cause the plugin's own exception
   */
  public PluginException(String message, Throwable cause) {
    super(message, cause);
  }
}
