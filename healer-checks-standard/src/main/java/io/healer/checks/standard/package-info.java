/**
 * The stock health checks, NodeCondition and Endpoint, with the params and defaults of the Go
 * magnum-auto-healer.
 */
package io.healer.checks.standard;
