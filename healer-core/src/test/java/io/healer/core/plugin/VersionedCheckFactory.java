package io.healer.core.plugin;

import io.healer.api.Verdict;
import io.healer.api.check.HealthCheck;
import io.healer.api.check.HealthCheckFactory;
import io.healer.api.config.Settings;

/**
 * Type {@code Versioned}. Its class file is copied into a jar with a manifest by {@link
 * PluginRegistryDiscoveryTest}, to see the jar and its version reported; so it is top-level and
 * uses no other test class.
 */
public final class VersionedCheckFactory implements HealthCheckFactory {
  @Override
  public String type() {
    return "Versioned";
  }

  @Override
  public HealthCheck create(Settings settings) {
    return (node, context) -> Verdict.healthy();
  }
}
