package io.healer.kubernetes;

/**
 * Lets the benchmarks drive the Kubernetes side by hand, as healer-core's own tests do: without
 * background election or Event threads, so that a harness on a manual clock decides when the
 * leader renews its Lease and when queued Events are sent, and its request counts are exact.
 *
 * <p>It lives in the benchmarks module under healer-core's package because those hooks are
 * package-private on purpose: they are for tests and harnesses, not for embedders.
 */
public final class BenchmarkAccess {

  private BenchmarkAccess() {}

  /**
   * Starts a healer from the builder with no background threads for election and Events.
   *
   * @param builder a configured builder
   * @return the started healer; the caller steps its elector and sends its Events
   */
  public static KubernetesHealer startManual(KubernetesHealer.Builder builder) {
    return builder.manual().start();
  }

  /** One leader-election round (renew, or try to acquire), as the elector runs every retry period. */
  public static void stepElector(KubernetesHealer healer) {
    healer.elector().ifPresent(LeaseLeaderElector::step);
  }

  /** Sends the Events queued so far, as the background sender would. */
  public static void sendEvents(KubernetesHealer healer) {
    healer.sendEvents();
  }
}
