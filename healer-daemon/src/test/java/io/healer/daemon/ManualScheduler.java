package io.healer.daemon;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's cycle scheduler, driven by the test: the healer's every-{@code monitor-interval}
 * cycle is kept, never run on a timer, and {@link #runCycle()} runs it on the test's thread. So a
 * test moves simulated time with a manual clock and runs exactly the cycles it wants, with no
 * sleeping.
 */
final class ManualScheduler extends ScheduledThreadPoolExecutor {

  private volatile Runnable cycle;

  ManualScheduler() {
    super(1);
    // Shutdown (the daemon stopping) must not wait for the placeholder below.
    setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    cycle = command;
    return schedule(() -> { }, 365, TimeUnit.DAYS);
  }

  /** Runs one healing cycle now, as the schedule would have. */
  void runCycle() {
    Runnable c = cycle;
    if (c == null) {
      throw new IllegalStateException("the daemon has not scheduled its cycles yet");
    }
    c.run();
  }
}
