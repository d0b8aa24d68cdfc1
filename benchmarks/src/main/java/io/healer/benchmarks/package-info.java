/** JMH benchmarks and harnesses that measure the engine's cost, heap and API calls. */
package io.healer.benchmarks;
