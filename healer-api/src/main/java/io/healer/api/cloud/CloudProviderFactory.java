package io.healer.api.cloud;

import io.healer.api.API;
import io.healer.api.config.ConfigException;
import io.healer.api.config.Settings;

/**
 * Creates the {@link CloudProvider} named by config.yaml's {@code cloud-provider} key. Factories
 * are found with {@link java.util.ServiceLoader}; register one with {@code
 * @AutoService(CloudProviderFactory.class)}. A provider is always chosen by this name, never by
 * class-path order.
 *
 * <pre>{@code
 * @AutoService(CloudProviderFactory.class)
 * public final class WebhookProviderFactory implements CloudProviderFactory {
 *   public String name() { return "webhook"; }                 // cloud-provider: webhook
 *   public List<ConfigProblem> validate(Settings settings) {   // healer validate, offline
 *     try {
 *       settings.requireOnlyKeys(List.of("url"));
 *       settings.requiredString("url");
 *       return List.of();
 *     } catch (ConfigException e) {
 *       return e.problems();
 *     }
 *   }
 *   public CloudProvider create(Settings settings, String clusterName) {
 *     settings.requireOnlyKeys(List.of("url"));
 *     return new WebhookProvider(URI.create(settings.requiredString("url")), clusterName);
 *   }
 * }
 * }</pre>
 *
 * <p>The provider's block is the top-level key of config.yaml named like the provider ({@code
 * webhook:} beside {@code cloud-provider: webhook}), handed to both methods as {@link Settings}
 * under that path. Override {@link #validate}: it is all {@code healer validate} runs on the block,
 * and by default it checks nothing.
 *
 * <p>Implementations must have a public no-argument constructor.
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface CloudProviderFactory {

  /**
   * The provider's name in config.yaml's {@code cloud-provider}, such as {@code openstack}.
   *
   * @return the name, not blank; unique across the factories on the class path
   */
  String name();

  /**
   * Creates the provider from its config block (for {@code openstack}, the {@code openstack} block).
   *
   * @param settings the provider's block, never {@code null}
   * @param clusterName config.yaml's {@code cluster-name}: the cluster this healer looks after
   * @return the provider, never {@code null}
   * @throws ConfigException naming each key that is unknown or has a bad value
   */
  CloudProvider create(Settings settings, String clusterName);

  /**
   * Checks the provider's config block without contacting the cloud, for {@code healer validate}:
   * unknown keys, bad values, missing credentials. Must do no I/O beyond reading local files the
   * block names. By default nothing is checked here; {@link #create} still checks everything.
   *
   * @param settings the provider's block, never {@code null}
   * @return every problem found, empty when none; secret values never appear in them
   * @since 0.1
   */
  default java.util.List<io.healer.api.config.ConfigProblem> validate(Settings settings) {
    return java.util.List.of();
  }
}
