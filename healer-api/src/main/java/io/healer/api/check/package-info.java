/**
 * The health-check SPI: {@link io.healer.api.check.HealthCheck}, found through its {@link
 * io.healer.api.check.HealthCheckFactory} with {@link java.util.ServiceLoader}.
 */
package io.healer.api.check;
