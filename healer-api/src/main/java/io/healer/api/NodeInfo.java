package io.healer.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of one Kubernetes node: what checks judge and what providers repair.
 *
 * <p>It holds healer's own small model rather than Kubernetes client types, so a plugin compiles
 * against healer-api alone and survives client upgrades. The {@linkplain #role() role} is derived
 * from the labels ({@link NodeRole#fromLabels}), so it can never disagree with them.
 *
 * <pre>{@code
 * NodeInfo node = NodeInfo.builder("worker-1")
 *     .providerId("openstack:///5f0c...")
 *     .address(NodeAddress.INTERNAL_IP, "10.0.0.7")
 *     .condition(NodeCondition.of("Ready", "True", createdAt))
 *     .creationTime(createdAt)
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; collections returned are unmodifiable.
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class NodeInfo {

  private final String name;
  private final String uid;
  private final String providerId;
  private final String machineId;
  private final List<NodeAddress> addresses;
  private final Map<String, String> labels;
  private final NodeRole role;
  private final Map<String, String> annotations;
  private final List<NodeCondition> conditions;
  private final Instant creationTime;
  private final Instant heartbeatTime;
  private final boolean unschedulable;

  private NodeInfo(Builder b) {
    this.name = b.name;
    this.uid = b.uid;
    this.providerId = b.providerId;
    this.machineId = b.machineId;
    this.addresses = List.copyOf(b.addresses);
    this.labels = Map.copyOf(b.labels);
    // Derived once: the engine asks for the role of every node several times a cycle.
    this.role = NodeRole.fromLabels(labels);
    this.annotations = Map.copyOf(b.annotations);
    this.conditions = List.copyOf(b.conditions);
    this.creationTime = Objects.requireNonNull(b.creationTime, "creationTime");
    this.heartbeatTime = b.heartbeatTime;
    this.unschedulable = b.unschedulable;
  }

  /**
   * Starts a builder for a node with the given name; the creation time defaults to the epoch.
   *
   * @param name the node's name, not blank
   * @return a new builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * A builder pre-filled with this node's values, to derive a changed copy.
   *
   * @return a new builder holding every value of this node; building it unchanged gives an equal node
   */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.uid = uid;
    b.providerId = providerId;
    b.machineId = machineId;
    b.addresses.addAll(addresses);
    b.labels.putAll(labels);
    b.annotations.putAll(annotations);
    b.conditions.addAll(conditions);
    b.creationTime = creationTime;
    b.heartbeatTime = heartbeatTime;
    b.unschedulable = unschedulable;
    return b;
  }

  /**
   * The node's name ({@code metadata.name}), unique in the cluster.
   *
   * @return the name, never blank
   */
  public String name() {
    return name;
  }

  /**
   * The node object's UID ({@code metadata.uid}), if known. A node deleted and re-created under the
   * same name gets a new UID.
   *
   * @return the UID, or empty if the node was built without one
   */
  public Optional<String> uid() {
    return Optional.ofNullable(uid);
  }

  /**
   * The role derived from the labels.
   *
   * @return the role from {@link NodeRole#fromLabels}, never {@code null}
   */
  public NodeRole role() {
    return role;
  }

  /**
   * The cloud's id for the machine ({@code spec.providerID}), such as {@code openstack:///<id>}.
   *
   * @return the provider id, or empty if the node has none (not yet initialised by the cloud
   *     controller manager, or not on a cloud)
   */
  public Optional<String> providerId() {
    return Optional.ofNullable(providerId);
  }

  /**
   * The machine id reported by the kubelet ({@code status.nodeInfo.machineID}).
   *
   * @return the machine id, or empty if the kubelet has not reported one
   */
  public Optional<String> machineId() {
    return Optional.ofNullable(machineId);
  }

  /**
   * The node's addresses in the order Kubernetes lists them.
   *
   * @return the addresses, unmodifiable, possibly empty
   */
  public List<NodeAddress> addresses() {
    return addresses;
  }

  /**
   * The first address of the given type, such as {@link NodeAddress#INTERNAL_IP}.
   *
   * @param type the address type as Kubernetes spells it, such as {@code InternalIP}
   * @return the address, or empty if the node has none of that type
   */
  public Optional<String> address(String type) {
    return addresses.stream().filter(a -> a.type().equals(type)).map(NodeAddress::address).findFirst();
  }

  /**
   * The node's labels.
   *
   * @return the labels by key, unmodifiable, possibly empty
   */
  public Map<String, String> labels() {
    return labels;
  }

  /**
   * The node's annotations.
   *
   * @return the annotations by key, unmodifiable, possibly empty
   */
  public Map<String, String> annotations() {
    return annotations;
  }

  /**
   * The node's conditions; empty for a node whose kubelet has not reported yet.
   *
   * @return the conditions, at most one per type, unmodifiable
   */
  public List<NodeCondition> conditions() {
    return conditions;
  }

  /**
   * The condition of the given type, if the node reports it.
   *
   * @param type the condition type as Kubernetes spells it, such as {@code Ready}
   * @return the condition, or empty if the node does not report one of that type
   */
  public Optional<NodeCondition> condition(String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
  }

  /**
   * When the node object was created ({@code metadata.creationTimestamp}).
   *
   * @return the creation time, never {@code null}; the epoch if the builder was not given one
   */
  public Instant creationTime() {
    return creationTime;
  }

  /**
   * When the kubelet last proved it was alive (its node Lease's renew time, or the newest condition
   * heartbeat), if known.
   *
   * @return the heartbeat time, or empty if the node has never been seen alive
   */
  public Optional<Instant> heartbeatTime() {
    return Optional.ofNullable(heartbeatTime);
  }

  /**
   * Whether the node is cordoned ({@code spec.unschedulable}).
   *
   * @return {@code true} if new pods are not scheduled onto the node
   */
  public boolean unschedulable() {
    return unschedulable;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof NodeInfo other)) {
      return false;
    }
    return name.equals(other.name)
        && Objects.equals(uid, other.uid)
        && Objects.equals(providerId, other.providerId)
        && Objects.equals(machineId, other.machineId)
        && addresses.equals(other.addresses)
        && labels.equals(other.labels)
        && annotations.equals(other.annotations)
        && conditions.equals(other.conditions)
        && creationTime.equals(other.creationTime)
        && Objects.equals(heartbeatTime, other.heartbeatTime)
        && unschedulable == other.unschedulable;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, uid, providerId, conditions, creationTime);
  }

  @Override
  public String toString() {
    return "NodeInfo[" + name + ", " + role().configName()
        + (providerId == null ? "" : ", " + providerId) + "]";
  }

  /**
   * Builds a {@link NodeInfo}. Not thread-safe; each {@code build()} returns an independent copy.
   *
   * @since 0.1
   */
  @API(status = API.Status.STABLE, since = "0.1")
  public static final class Builder {
    private final String name;
    private String uid;
    private String providerId;
    private String machineId;
    private final List<NodeAddress> addresses = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private final List<NodeCondition> conditions = new ArrayList<>();
    private Instant creationTime = Instant.EPOCH;
    private Instant heartbeatTime;
    private boolean unschedulable;

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a node name must not be blank");
      }
      this.name = name;
    }

    /**
     * Sets the node object's UID; {@code null} for unknown.
     *
     * @param uid the UID, or {@code null} for unknown
     * @return this builder
     */
    public Builder uid(String uid) {
      this.uid = uid;
      return this;
    }

    /**
     * Sets {@code spec.providerID}; {@code null} for none.
     *
     * @param providerId the provider id such as {@code openstack:///<id>}, or {@code null}
     * @return this builder
     */
    public Builder providerId(String providerId) {
      this.providerId = providerId;
      return this;
    }

    /**
     * Sets {@code status.nodeInfo.machineID}; {@code null} for none.
     *
     * @param machineId the machine id, or {@code null}
     * @return this builder
     */
    public Builder machineId(String machineId) {
      this.machineId = machineId;
      return this;
    }

    /**
     * Adds an address of the given type.
     *
     * @param type the address type, such as {@link NodeAddress#INTERNAL_IP}; not {@code null}
     * @param address the address, not {@code null}
     * @return this builder
     */
    public Builder address(String type, String address) {
      addresses.add(new NodeAddress(type, address));
      return this;
    }

    /**
     * Replaces all addresses.
     *
     * @param newAddresses the addresses in the order Kubernetes lists them, not {@code null}; copied
     * @return this builder
     */
    public Builder addresses(List<NodeAddress> newAddresses) {
      addresses.clear();
      addresses.addAll(newAddresses);
      return this;
    }

    /**
     * Sets one label.
     *
     * @param key the label key, such as {@code node-role.kubernetes.io/control-plane}; not
     *     {@code null}
     * @param value the label value, possibly empty, not {@code null}
     * @return this builder
     */
    public Builder label(String key, String value) {
      labels.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
      return this;
    }

    /**
     * Replaces all labels.
     *
     * @param newLabels the labels by key, not {@code null}; copied
     * @return this builder
     */
    public Builder labels(Map<String, String> newLabels) {
      labels.clear();
      labels.putAll(newLabels);
      return this;
    }

    /**
     * Sets one annotation.
     *
     * @param key the annotation key, not {@code null}
     * @param value the annotation value, not {@code null}
     * @return this builder
     */
    public Builder annotation(String key, String value) {
      annotations.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
      return this;
    }

    /**
     * Removes one annotation, if present.
     *
     * @param key the annotation key; nothing happens if the node has no such annotation
     * @return this builder
     */
    public Builder removeAnnotation(String key) {
      annotations.remove(key);
      return this;
    }

    /**
     * Replaces all annotations.
     *
     * @param newAnnotations the annotations by key, not {@code null}; copied
     * @return this builder
     */
    public Builder annotations(Map<String, String> newAnnotations) {
      annotations.clear();
      annotations.putAll(newAnnotations);
      return this;
    }

    /**
     * Adds a condition, replacing any earlier one of the same type.
     *
     * @param condition the condition, not {@code null}
     * @return this builder
     */
    public Builder condition(NodeCondition condition) {
      conditions.removeIf(c -> c.type().equals(condition.type()));
      conditions.add(condition);
      return this;
    }

    /**
     * Replaces all conditions.
     *
     * @param newConditions the conditions, not {@code null}; of several with one type the last wins
     * @return this builder
     */
    public Builder conditions(List<NodeCondition> newConditions) {
      conditions.clear();
      newConditions.forEach(this::condition);
      return this;
    }

    /**
     * Sets {@code metadata.creationTimestamp}.
     *
     * @param creationTime when the node object was created, not {@code null}
     * @return this builder
     */
    public Builder creationTime(Instant creationTime) {
      this.creationTime = Objects.requireNonNull(creationTime, "creationTime");
      return this;
    }

    /**
     * Sets the last heartbeat; {@code null} for unknown.
     *
     * @param heartbeatTime when the kubelet last proved it was alive, or {@code null} for unknown
     * @return this builder
     */
    public Builder heartbeatTime(Instant heartbeatTime) {
      this.heartbeatTime = heartbeatTime;
      return this;
    }

    /**
     * Sets whether the node is cordoned.
     *
     * @param unschedulable {@code true} for a cordoned node
     * @return this builder
     */
    public Builder unschedulable(boolean unschedulable) {
      this.unschedulable = unschedulable;
      return this;
    }

    /**
     * Builds the immutable node.
     *
     * @return a new node holding this builder's current values; later changes to the builder do not
     *     affect it
     */
    public NodeInfo build() {
      return new NodeInfo(this);
    }
  }
}
