/**
 * healer's configuration: {@link io.healer.core.config.HealerConfig}, read from the Go
 * magnum-auto-healer's config.yaml format by {@link io.healer.core.config.ConfigLoader} or built in
 * code; {@link io.healer.core.config.ConfigReport} holds what a check of a config found.
 */
package io.healer.core.config;
