package io.healer.integration.support;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits on a condition with a deadline, polling, never for a fixed time. */
public final class Wait {

  private static final long POLL_MILLIS = 100;

  private Wait() {}

  /**
   * Polls until the condition holds.
   *
   * @param what what is awaited, for the failure message ("worker-1 is Ready=Unknown")
   * @param timeout the deadline
   * @param condition the condition; an exception from it counts as "not yet"
   * @throws AssertionError at the deadline
   */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    value(what, timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
  }

  /**
   * Polls until the supplier gives a value.
   *
   * @return the first value given
   * @throws AssertionError at the deadline, naming the last exception seen
   */
  public static <T> T value(String what, Duration timeout, Supplier<Optional<T>> supplier) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        Optional<T> value = supplier.get();
        if (value.isPresent()) {
          return value.get();
        }
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what
            + (last == null ? "" : " (last error: " + last + ")"), last);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting until " + what, e);
      }
    }
  }
}
