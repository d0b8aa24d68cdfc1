package io.healer.integration.compare;

import java.time.Duration;
import java.util.List;

/**
 * What one run of one healer showed, all counted on the servers' side: the cloud's recording
 * proxies, the API server's audit log, the kernel's counters of the healer process.
 *
 * @param tool the healer
 * @param outcome {@code ran}, or how it ended before it led ({@code ended at start (exit 1): ...})
 * @param repairs the repair requests the cloud received from it after the fault, oldest first, as
 *     {@code reboot SOFT worker-0 @ 21.3 s} (seconds after the fault)
 * @param toFirstRepair from the fault to the first repair request; {@code null} when none came
 * @param wrongRepairs repair requests naming a server whose node was healthy
 * @param doubleRepairs repairs started on a broken node's server after its first repair had brought it back
 * @param kubeRequestsPerInterval its requests to the API server per monitor interval, before the fault
 * @param cloudRequestsPerInterval its requests to Keystone, Heat, Magnum and Nova per monitor interval, before
 *     the fault
 * @param usage its peak RSS and CPU time over the whole run; {@code null} when it ended at start
 * @param runTime how long the run took, the control plane's start included
 * @param exits how often a replica ended by itself (a kill not counted) and was started again
 * @param repairsWhileUpdating repairs started while an operator's change had the cluster {@code UPDATE_IN_PROGRESS}
 * @param replacements repairs that went beyond a reboot (a rebuild, resize, delete...): what a node a reboot
 *     does not bring back needs
 * @param afterUpdate from the end of the operator's update that last ended before the first repair request to
 *     that request; {@code null} when no update ended before it
 */
record RunFigures(Tool tool, String outcome, List<String> repairs, Duration toFirstRepair, int wrongRepairs,
    int doubleRepairs, double kubeRequestsPerInterval, double cloudRequestsPerInterval, ProcessUsage usage,
    Duration runTime, long exits, int repairsWhileUpdating, int replacements,
    Duration afterUpdate) {

  /** The time to the first repair as a cell. */
  String toFirstRepairText() {
    return toFirstRepair == null ? "none" : seconds(toFirstRepair);
  }

  /** The time to the first repair as a cell, with the time after the operator's update where one ended before. */
  String toFirstRepairCell() {
    return afterUpdate == null ? toFirstRepairText() : toFirstRepairText() + " (" + seconds(afterUpdate)
        + " after the update)";
  }

  static String seconds(Duration duration) {
    return String.format("%.1f s", duration.toMillis() / 1000.0);
  }

  /** Whether it ran (it did not end at start). */
  boolean ran() {
    return usage != null;
  }

  @Override
  public String toString() {
    if (!ran()) {
      return tool.title() + ": " + outcome;
    }
    return String.format("%s: repairs %s, first after %s, wrong %d, double %d, %d while updating, %d exits, %.1f"
        + " Kubernetes and %.1f OpenStack requests per interval, peak RSS %.0f MiB, CPU %.1f s, run %d s",
        tool.title(), repairs, toFirstRepairText(), wrongRepairs, doubleRepairs, repairsWhileUpdating, exits,
        kubeRequestsPerInterval, cloudRequestsPerInterval, usage.peakRssMib(), usage.cpuSeconds(),
        runTime.toSeconds());
  }
}
