/**
 * The node model and the values every plugin shares: {@link io.healer.api.NodeInfo}, {@link
 * io.healer.api.NodeRole}, {@link io.healer.api.Verdict}, and the engine's observer {@link
 * io.healer.api.HealerListener}.
 */
package io.healer.api;
