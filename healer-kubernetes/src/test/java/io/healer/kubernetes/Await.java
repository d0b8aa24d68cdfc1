package io.healer.kubernetes;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits, polling briefly, for something asynchronous (an informer seeing a watch event) to happen. */
public final class Await {

  private Await() {}

  /** Polls every 10 ms until the condition holds; fails the test after the timeout. */
  public static void until(String what, BooleanSupplier condition) {
    until(what, Duration.ofSeconds(10), condition);
  }

  /** Polls every 10 ms until the condition holds; fails the test after the given timeout. */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting until " + what, e);
      }
    }
  }
}
