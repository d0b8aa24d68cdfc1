/**
 * healer's embedding entry point: {@link io.healer.core.Healer}, built from a {@link
 * io.healer.core.config.HealerConfig}, a node source and a cloud provider.
 */
package io.healer.core;
