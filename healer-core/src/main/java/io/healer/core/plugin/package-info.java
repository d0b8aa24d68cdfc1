/**
 * Finds health check and cloud provider plugins ({@link io.healer.core.plugin.PluginRegistry}) and
 * creates the checks and the provider that config.yaml asks for.
 */
package io.healer.core.plugin;
