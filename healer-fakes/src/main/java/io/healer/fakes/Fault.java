package io.healer.fakes;

import io.healer.api.API;
import io.healer.api.cloud.RepairAction;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Something broken on a {@link FakeCluster} node's machine: what the cluster shows while it lasts,
 * and which {@link RepairAction}s fix it. It lets a test say "this node needs a rebuild" and watch
 * the engine escalate: a reboot leaves the fault in place, a rebuild removes it.
 *
 * <p>A fault either stops the kubelet (the node's conditions turn {@code Unknown}, its heartbeat
 * freezes) or leaves it running but reporting {@code Ready=False} with the fault's reason.
 *
 * <pre>{@code
 * cluster.fault("worker-2", Fault.diskCorruption());   // a reboot will not help
 * cluster.fault("worker-3", Fault.notReady("KubeletNotReady", "cni plugin not initialized",
 *     EnumSet.of(RepairAction.REBUILD, RepairAction.REPLACE)));
 * }</pre>
 *
 * <p>Immutable and thread-safe; equal when all parts are equal.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Fault {

  private static final Set<RepairAction> ANY_ACTION = Set.copyOf(EnumSet.allOf(RepairAction.class));

  private final String name;
  private final boolean stopsKubelet;
  private final String reason;
  private final String message;
  private final Set<RepairAction> fixedBy;

  private Fault(
      String name, boolean stopsKubelet, String reason, String message, Set<RepairAction> fixedBy) {
    this.name = Objects.requireNonNull(name, "name");
    this.stopsKubelet = stopsKubelet;
    this.reason = Objects.requireNonNull(reason, "reason");
    this.message = Objects.requireNonNull(message, "message");
    this.fixedBy = Set.copyOf(Objects.requireNonNull(fixedBy, "fixedBy"));
  }

  /**
   * The kubelet died (or the machine hung): any repair action brings the node back.
   *
   * @return the fault
   */
  public static Fault kubeletDeath() {
    return kubeletStopped("kubelet death", ANY_ACTION);
  }

  /**
   * The root disk is corrupt, so the kubelet cannot run: a reboot does not help, a rebuild
   * (reinstalling the image) or a replace does.
   *
   * @return the fault
   */
  public static Fault diskCorruption() {
    return kubeletStopped(
        "disk corruption", EnumSet.of(RepairAction.REBUILD, RepairAction.REPLACE));
  }

  /**
   * The hardware under the machine is broken: only a replace (a new machine) helps.
   *
   * @return the fault
   */
  public static Fault hardware() {
    return kubeletStopped("hardware failure", EnumSet.of(RepairAction.REPLACE));
  }

  /**
   * A fault that stops the kubelet, fixed by the given actions.
   *
   * @param name what is broken, for messages: {@code "kernel panic"}; not blank
   * @param fixedBy the actions that fix it, possibly none (then only {@link FakeCluster#revive}
   *     does)
   * @return the fault
   */
  public static Fault kubeletStopped(String name, Set<RepairAction> fixedBy) {
    return new Fault(requireText(name, "name"), true, Nodes.UNKNOWN_REASON, Nodes.UNKNOWN_MESSAGE,
        fixedBy);
  }

  /**
   * A fault that leaves the kubelet running but makes it report {@code Ready=False}.
   *
   * @param reason the Ready condition's reason, such as {@code KubeletNotReady}; not blank
   * @param message the Ready condition's message, such as {@code "PLEG is not healthy"}; not
   *     {@code null}
   * @param fixedBy the actions that fix it, possibly none (then only {@link FakeCluster#revive}
   *     does)
   * @return the fault
   */
  public static Fault notReady(String reason, String message, Set<RepairAction> fixedBy) {
    return new Fault(
        requireText(reason, "reason") + ": " + message, false, reason, message, fixedBy);
  }

  private static String requireText(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException("a fault's " + what + " must not be blank");
    }
    return value;
  }

  /**
   * What is broken, for messages.
   *
   * @return a short description such as {@code "disk corruption"}, never blank; for a
   *     {@link #notReady} fault its reason and message
   */
  public String name() {
    return name;
  }

  /**
   * Whether the kubelet stops posting while this fault lasts.
   *
   * @return {@code true} if the node's conditions turn {@code Unknown} and its heartbeat freezes,
   *     {@code false} if the kubelet keeps posting {@code Ready=False}
   */
  public boolean stopsKubelet() {
    return stopsKubelet;
  }

  /**
   * The reason the node's Ready condition shows while this fault lasts.
   *
   * @return the condition's reason, such as {@code KubeletNotReady}; {@code NodeStatusUnknown}
   *     for a fault that stops the kubelet
   */
  public String reason() {
    return reason;
  }

  /**
   * The message the node's Ready condition shows while this fault lasts.
   *
   * @return the condition's message, never {@code null}; for a fault that stops the kubelet
   *     the one the node lifecycle controller writes
   */
  public String message() {
    return message;
  }

  /**
   * The actions that fix this fault; unmodifiable, possibly empty.
   *
   * @return the actions that remove this fault, never {@code null}; when empty only
   *     {@link FakeCluster#revive} does
   */
  public Set<RepairAction> fixedBy() {
    return fixedBy;
  }

  /**
   * Whether the action fixes this fault.
   *
   * @param action the action, not {@code null}
   * @return whether the machine is rid of the fault after the action
   */
  public boolean isFixedBy(RepairAction action) {
    return fixedBy.contains(Objects.requireNonNull(action, "action"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fault f
        && name.equals(f.name)
        && stopsKubelet == f.stopsKubelet
        && reason.equals(f.reason)
        && message.equals(f.message)
        && fixedBy.equals(f.fixedBy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, stopsKubelet, reason, message, fixedBy);
  }

  @Override
  public String toString() {
    return name + " (fixed by " + (fixedBy.isEmpty() ? "nothing" : EnumSet.copyOf(fixedBy)) + ")";
  }
}
