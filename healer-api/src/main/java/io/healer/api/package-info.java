/**
 * The node model and the values every plugin shares: {@link io.healer.api.NodeInfo}, {@link
 * io.healer.api.NodeRole}, {@link io.healer.api.Verdict}. The plugin SPIs are in {@link
 * io.healer.api.check} and {@link io.healer.api.cloud}; what an embedder meets besides the builder
 * is in {@link io.healer.api.embedding}.
 */
package io.healer.api;
