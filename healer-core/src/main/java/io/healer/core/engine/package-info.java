/**
 * The evaluation and repair engine: {@link io.healer.core.engine.HealingEngine} runs each cycle as
 * a pipeline of stages — observe, judge, track, gate, plan, act, report — each its own type
 * ({@code ObserveStage} ... {@code ReportStage}), over one holder of per-node state ({@code
 * NodeStates}). It turns node snapshots into verdicts, verdicts into repair candidates, and
 * candidates into repairs, under the safety rules of {@link io.healer.core.engine.SafetyGate}.
 */
package io.healer.core.engine;
