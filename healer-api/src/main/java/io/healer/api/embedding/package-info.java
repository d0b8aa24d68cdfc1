/**
 * What an embedder meets, apart from the plugin SPIs: the {@link io.healer.api.embedding.NodeSource}
 * healer reads nodes from, the {@link io.healer.api.embedding.HealerListener} it tells what it does,
 * with its {@link io.healer.api.embedding.HealerEvent}s and {@link
 * io.healer.api.embedding.CycleSummary}s. The builder that takes them is {@code io.healer.core.Healer}.
 *
 * <p>In healer-api rather than beside the builder in healer-core because the fakes (healer-fakes'
 * {@code FakeCluster} is a node source) sit below healer-core's own tests in the build.
 */
package io.healer.api.embedding;
