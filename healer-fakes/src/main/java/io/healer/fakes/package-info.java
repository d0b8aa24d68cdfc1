/**
 * In-memory fakes for running healer without a cluster, a cloud or a real clock: {@link
 * io.healer.fakes.FakeCluster}, {@link io.healer.fakes.FakeCloud}, {@link io.healer.fakes.Fault},
 * {@link io.healer.fakes.ManualClock} and {@link io.healer.fakes.Nodes}. They depend on healer-api
 * alone, never on a test library, so the demo and the daemon's {@code demo} command can ship them;
 * the conformance suites and the WireMock-based fake OpenStack live in healer-testkit.
 */
package io.healer.fakes;
