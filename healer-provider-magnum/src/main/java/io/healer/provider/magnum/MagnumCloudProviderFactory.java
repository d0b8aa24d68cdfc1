package io.healer.provider.magnum;

import com.google.auto.service.AutoService;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.CloudProviderFactory;
import io.healer.api.config.ConfigProblem;
import io.healer.api.config.ConfigException;
import io.healer.api.config.Settings;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the OpenStack Magnum provider, {@code cloud-provider: openstack}, from config.yaml's
 * {@code openstack} block (the Go magnum-auto-healer's keys; see the module README).
 */
@AutoService(CloudProviderFactory.class)
public final class MagnumCloudProviderFactory implements CloudProviderFactory {

  private static final Logger LOG = LoggerFactory.getLogger(MagnumCloudProviderFactory.class);

  private final Clock clock;

  /** For {@link java.util.ServiceLoader}. */
  public MagnumCloudProviderFactory() {
    this(Clock.systemUTC());
  }

  /** A factory whose providers run on the given clock (tests: the conformance suite's clock). */
  MagnumCloudProviderFactory(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return "openstack";
  }

  /**
   * Reads the block as {@link #create} would, without building a session or calling Keystone. A
   * block with both a password and an application credential is valid (the Go tool's config may
   * carry both); which one logs in is said here, once, as validate and run judge the block before
   * anything else.
   */
  @Override
  public java.util.List<ConfigProblem> validate(Settings settings) {
    try {
      MagnumConfig config = MagnumConfig.from(settings);
      if (config.auth().usesApplicationCredential() && !config.auth().password().isEmpty()) {
        boolean byId = !config.auth().applicationCredentialId().isEmpty();
        String key = byId ? "application-credential-id" : "application-credential-name";
        LOG.warn("{} and {} are both set: healer logs in with the application credential {} and ignores the password",
            settings.pathOf("password"), settings.pathOf(key),
            byId ? config.auth().applicationCredentialId() : config.auth().applicationCredentialName());
      }
      return java.util.List.of();
    } catch (ConfigException e) {
      return e.problems();
    }
  }

  @Override
  public CloudProvider create(Settings settings, String clusterName) {
    return create(settings, clusterName, clock);
  }

  /**
   * Creates the provider with a clock of the caller's choosing, for tests and simulations.
   *
   * @param settings the {@code openstack} block
   * @param clusterName the Magnum cluster's name or uuid
   * @param clock decides token renewal and power-off timeouts
   * @return a provider for the cluster; it logs in to Keystone at its first call, not here
   * @throws ConfigException naming every problem of the block, secrets redacted
   */
  public MagnumCloudProvider create(Settings settings, String clusterName, Clock clock) {
    if (clusterName == null || clusterName.isBlank()) {
      throw new ConfigException(ConfigProblem.of("cluster-name", clusterName,
          "the Magnum cluster's name or uuid is required by the openstack provider"));
    }
    return new MagnumCloudProvider(MagnumConfig.from(settings), clusterName, clock, d -> Thread.sleep(d.toMillis()));
  }
}
