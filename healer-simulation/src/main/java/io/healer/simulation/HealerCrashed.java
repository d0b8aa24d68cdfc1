package io.healer.simulation;

/**
 * Thrown into the engine to simulate the healer process dying on the spot. An {@link Error}, so
 * that the engine's handlers of provider and ledger failures (which catch runtime exceptions) do
 * not survive it, just as they would not survive a SIGKILL.
 */
final class HealerCrashed extends Error {

  HealerCrashed(String where) {
    super("simulated crash " + where, null, false, false);
  }
}
