/**
 * Configuration values shared by healer and its plugins: the typed {@link
 * io.healer.api.config.Settings} view of a plugin's config block, and {@link
 * io.healer.api.config.ConfigException} with its {@link io.healer.api.config.ConfigProblem}s.
 */
package io.healer.api.config;
