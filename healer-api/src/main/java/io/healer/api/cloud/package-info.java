/**
 * The cloud-provider SPI: {@link io.healer.api.cloud.CloudProvider}, found through its {@link
 * io.healer.api.cloud.CloudProviderFactory}, and the repair values it exchanges with the engine.
 */
package io.healer.api.cloud;
