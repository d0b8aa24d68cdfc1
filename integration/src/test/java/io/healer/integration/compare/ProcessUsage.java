package io.healer.integration.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a healer process cost the machine, as the kernel counts it: its peak resident memory
 * ({@code VmHWM} of {@code /proc/PID/status}) and the CPU time it used ({@code utime + stime} of
 * {@code /proc/PID/stat}). Read while the process still runs.
 *
 * @param peakRssMib the peak resident set, MiB
 * @param cpuSeconds user plus system CPU time, seconds
 */
record ProcessUsage(double peakRssMib, double cpuSeconds) {

  /** Linux's USER_HZ: the unit of the times in {@code /proc/PID/stat}, 100 on every architecture Linux runs here. */
  private static final double TICKS_PER_SECOND = 100;

  static ProcessUsage of(long pid) {
    try {
      long hwmKib = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
          .filter(l -> l.startsWith("VmHWM:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong)
          .findFirst().orElseThrow(() -> new IllegalStateException("no VmHWM for pid " + pid));
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name in parentheses may hold spaces: the fields are counted after its ')'.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name (the state is the first).
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return new ProcessUsage(hwmKib / 1024.0, ticks / TICKS_PER_SECOND);
    } catch (IOException e) {
      throw new UncheckedIOException("reading /proc of pid " + pid + " (has it ended?)", e);
    }
  }
}
