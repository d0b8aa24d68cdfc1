/**
 * The evaluation and repair engine: turns node snapshots into verdicts, verdicts into repair
 * candidates, and candidates into repairs, under the safety rules of {@link
 * io.healer.core.engine.SafetyGate}.
 */
package io.healer.core.engine;
