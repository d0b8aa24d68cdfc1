/**
 * healer's configuration: {@link io.healer.core.config.HealerConfig}, read from the Go
 * magnum-auto-healer's config.yaml format by {@link io.healer.core.config.ConfigLoader} or built in
 * code.
 */
package io.healer.core.config;
