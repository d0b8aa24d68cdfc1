/**
 * The conformance suites a plugin's tests extend ({@link io.healer.testkit.HealthCheckConformance},
 * {@link io.healer.testkit.CloudProviderConformance}), built on JUnit 5 and AssertJ. The in-memory
 * fakes they use are in {@code io.healer.fakes} (module healer-fakes, which this module brings).
 */
package io.healer.testkit;
