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

  /** A builder pre-filled with this node's values, to derive a changed copy. */
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

  /** The node's name ({@code metadata.name}), unique in the cluster. */
  public String name() {
    return name;
  }

  /**
   * The node object's UID ({@code metadata.uid}), if known. A node deleted and re-created under the
   * same name gets a new UID.
   */
  public Optional<String> uid() {
    return Optional.ofNullable(uid);
  }

  /** The role derived from the labels. */
  public NodeRole role() {
    return role;
  }

  /** The cloud's id for the machine ({@code spec.providerID}), such as {@code openstack:///<id>}. */
  public Optional<String> providerId() {
    return Optional.ofNullable(providerId);
  }

  /** The machine id reported by the kubelet ({@code status.nodeInfo.machineID}). */
  public Optional<String> machineId() {
    return Optional.ofNullable(machineId);
  }

  /** The node's addresses in the order Kubernetes lists them. */
  public List<NodeAddress> addresses() {
    return addresses;
  }

  /** The first address of the given type, such as {@link NodeAddress#INTERNAL_IP}. */
  public Optional<String> address(String type) {
    return addresses.stream().filter(a -> a.type().equals(type)).map(NodeAddress::address).findFirst();
  }

  /** The node's labels. */
  public Map<String, String> labels() {
    return labels;
  }

  /** The node's annotations. */
  public Map<String, String> annotations() {
    return annotations;
  }

  /** The node's conditions; empty for a node whose kubelet has not reported yet. */
  public List<NodeCondition> conditions() {
    return conditions;
  }

  /** The condition of the given type, if the node reports it. */
  public Optional<NodeCondition> condition(String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
  }

  /** When the node object was created ({@code metadata.creationTimestamp}). */
  public Instant creationTime() {
    return creationTime;
  }

  /**
   * When the kubelet last proved it was alive (its node Lease's renew time, or the newest condition
   * heartbeat), if known.
   */
  public Optional<Instant> heartbeatTime() {
    return Optional.ofNullable(heartbeatTime);
  }

  /** Whether the node is cordoned ({@code spec.unschedulable}). */
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

    /** Sets the node object's UID; {@code null} for unknown. */
    public Builder uid(String uid) {
      this.uid = uid;
      return this;
    }

    /** Sets {@code spec.providerID}; {@code null} for none. */
    public Builder providerId(String providerId) {
      this.providerId = providerId;
      return this;
    }

    /** Sets {@code status.nodeInfo.machineID}; {@code null} for none. */
    public Builder machineId(String machineId) {
      this.machineId = machineId;
      return this;
    }

    /** Adds an address of the given type. */
    public Builder address(String type, String address) {
      addresses.add(new NodeAddress(type, address));
      return this;
    }

    /** Replaces all addresses. */
    public Builder addresses(List<NodeAddress> newAddresses) {
      addresses.clear();
      addresses.addAll(newAddresses);
      return this;
    }

    /** Sets one label. */
    public Builder label(String key, String value) {
      labels.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
      return this;
    }

    /** Replaces all labels. */
    public Builder labels(Map<String, String> newLabels) {
      labels.clear();
      labels.putAll(newLabels);
      return this;
    }

    /** Sets one annotation. */
    public Builder annotation(String key, String value) {
      annotations.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
      return this;
    }

    /** Removes one annotation, if present. */
    public Builder removeAnnotation(String key) {
      annotations.remove(key);
      return this;
    }

    /** Replaces all annotations. */
    public Builder annotations(Map<String, String> newAnnotations) {
      annotations.clear();
      annotations.putAll(newAnnotations);
      return this;
    }

    /** Adds a condition, replacing any earlier one of the same type. */
    public Builder condition(NodeCondition condition) {
      conditions.removeIf(c -> c.type().equals(condition.type()));
      conditions.add(condition);
      return this;
    }

    /** Replaces all conditions. */
    public Builder conditions(List<NodeCondition> newConditions) {
      conditions.clear();
      newConditions.forEach(this::condition);
      return this;
    }

    /** Sets {@code metadata.creationTimestamp}. */
    public Builder creationTime(Instant creationTime) {
      this.creationTime = Objects.requireNonNull(creationTime, "creationTime");
      return this;
    }

    /** Sets the last heartbeat; {@code null} for unknown. */
    public Builder heartbeatTime(Instant heartbeatTime) {
      this.heartbeatTime = heartbeatTime;
      return this;
    }

    /** Sets whether the node is cordoned. */
    public Builder unschedulable(boolean unschedulable) {
      this.unschedulable = unschedulable;
      return this;
    }

    /** Builds the immutable node. */
    public NodeInfo build() {
      return new NodeInfo(this);
    }
  }
}
