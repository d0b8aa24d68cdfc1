package io.healer.provider.magnum;

import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.ClusterHealth;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.FailedCall;
import io.healer.api.cloud.PowerState;
import io.healer.api.cloud.ServerState;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.RepairTarget;
import io.healer.provider.magnum.internal.BlockStorage;
import io.healer.provider.magnum.internal.Compute;
import io.healer.provider.magnum.internal.ContainerInfra;
import io.healer.provider.magnum.internal.ContainerInfra.Cluster;
import io.healer.provider.magnum.internal.ContainerInfra.ClusterTemplate;
import io.healer.provider.magnum.internal.ContainerInfra.NodeGroup;
import io.healer.provider.magnum.internal.OpenStackException;
import io.healer.provider.magnum.internal.OpenStackSession;
import io.healer.provider.magnum.internal.Orchestration;
import io.healer.provider.magnum.internal.Orchestration.Resource;
import io.healer.provider.magnum.internal.Orchestration.Stack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs a Magnum cluster's nodes as magnum-auto-healer does, step by checked step.
 *
 * <ul>
 *   <li>{@link RepairAction#REBOOT} (both roles): a Nova soft reboot.
 *   <li>{@link RepairAction#REPLACE}, worker: detach its data volumes, {@code os-stop}, then one
 *       Magnum resize per node group with {@code nodes_to_remove} and the group's unchanged {@code
 *       node_count}. No node group found: nothing is done (fail closed).
 *   <li>{@link RepairAction#REPLACE}, master: detach data volumes, mark a root volume's Heat
 *       resource unhealthy, {@code os-stop} (else force-delete after master-power-off-timeout),
 *       mark the server's resource unhealthy, then one PATCH update of the cluster's stack.
 * </ul>
 *
 * <p><b>Drivers.</b> The cluster's Magnum driver is read from its template (and stack_id): a
 * Cluster API driver's cluster (magnum-cluster-api, magnum-capi-helm) has no Heat stack, and Heat
 * is never called for it; its workers are replaced by resize only where the driver honours {@code
 * nodes_to_remove}, its masters never (see {@code ClusterDriver} and the module README).
 *
 * <p>A replacement spans cycles: while a server powers off the provider answers {@link
 * RepairResult#retryLater} (no retry cost) and resumes next cycle; {@link RepairResult#started}
 * means the resize or stack update was accepted. A 409 is "retry later", never a second repair.
 *
 * <p><b>Idempotence.</b> A repair the cloud accepted is remembered by its {@link
 * RepairTarget#idempotencyKey()} for a day (at most {@value #MAX_REMEMBERED} keys); the same key
 * asked again is answered {@code started} without a cloud call. A provider that restarted
 * recognises a repair under way from the cloud instead: a server in {@code REBOOT} or {@code
 * HARD_REBOOT}; a cluster being updated while the worker's server is off or gone, or while the
 * master's server resource is marked unhealthy.
 *
 * <p><b>Reads.</b> What {@link #clusterStatus()} read (cluster and stack) serves the repairs that
 * follow within {@code cluster-cache-ttl}, and the node groups and stack resources the first of
 * them reads serve the others; only what a step must see fresh (a server powering off) is read
 * again. Stack names, which never change, are remembered so that a stack costs one request.
 *
 * <p>Thread-safe; secrets never reach logs, messages or {@code toString()}.
 */
public final class MagnumCloudProvider implements CloudProvider {

  private static final Logger log = LoggerFactory.getLogger(MagnumCloudProvider.class);

  /** The cluster label that switches auto-healing on. */
  static final String HEALING_LABEL = "auto_healing_enabled";
  /** The node label naming a Magnum node group. */
  static final String NODE_GROUP_LABEL = "magnum.openstack.org/nodegroup";
  private static final Set<String> STACK_STATES_PREVENTING_REPAIR = Set.of("UPDATE_IN_PROGRESS", "UPDATE_FAILED");
  private static final Set<String> REBOOTING = Set.of("REBOOT", "HARD_REBOOT");
  /** Nova states a soft reboot is refused in (409) but a hard reboot is allowed. */
  private static final Set<String> HARD_REBOOT_ONLY = Set.of("SHUTOFF", "ERROR", "PAUSED", "SUSPENDED");
  /** How long an accepted repair is remembered, by the provider's clock. */
  static final Duration REMEMBER_FOR = Duration.ofDays(1);
  /** The most accepted repairs remembered; the oldest are forgotten first. */
  static final int MAX_REMEMBERED = 10_000;
  private static final int MAX_STACK_NAMES = 1_000;
  private static final int MAX_TEMPLATES = 1_000;

  private final MagnumConfig config;
  private final String clusterName;
  private final Clock clock;
  private final OpenStackSession.Sleeper sleeper;
  private final Compute nova;
  private final BlockStorage cinder;
  private final ContainerInfra magnum;
  private final Orchestration heat;
  private final OpenStackSession session;
  /** Why OpenStack could not be asked last time, or null when it answered: one WARN per change. */
  private volatile String lastStatusFailure;
  private final Map<String, Progress> progress = new ConcurrentHashMap<>();
  private final Map<String, String> stackNames = new ConcurrentHashMap<>();
  /** Cluster templates by uuid: what Magnum stored of the driver never changes. */
  private final Map<String, ClusterTemplate> templates = new ConcurrentHashMap<>();
  /** The driver of the cluster as last recognised; null before the cluster was first read. */
  private volatile ClusterDriver driver;
  /** Why the cluster template could not be read last time, or null: one WARN per change. */
  private volatile String lastTemplateFailure;
  /** Accepted repairs by idempotency key, oldest first; guarded by itself. */
  private final Map<String, Accepted> accepted = new LinkedHashMap<>();
  private volatile Snapshot snapshot;
  private volatile String lastHealthKey;
  /** The Magnum status of the cluster as last read; null before the first read. */
  private volatile String lastClusterStatus;

  /**
   * What was read of the cluster at {@code at}; {@code stack} is null for a driver without Heat,
   * {@code view} is filled by the first repair.
   */
  private record Snapshot(Cluster cluster, ClusterDriver driver, Stack stack, Instant at, ClusterView view) {}

  private record Accepted(Instant at, String detail) {}

  MagnumCloudProvider(MagnumConfig config, String clusterName, Clock clock, OpenStackSession.Sleeper sleeper) {
    this(config, clusterName, clock, sleeper, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** With the random source of the retries' jitter, so that tests know the waits. */
  MagnumCloudProvider(MagnumConfig config, String clusterName, Clock clock, OpenStackSession.Sleeper sleeper,
      DoubleSupplier jitter) {
    this.config = config;
    this.clusterName = clusterName;
    this.clock = clock;
    this.sleeper = sleeper;
    this.session = new OpenStackSession(config.auth(), clock, config.requestTimeout(), config.retries(),
        sleeper, jitter);
    this.nova = new Compute(session);
    this.cinder = new BlockStorage(session);
    this.magnum = new ContainerInfra(session);
    this.heat = new Orchestration(session);
  }

  /** Failed calls to Keystone, Magnum, Heat, Nova and Cinder since the provider was made. */
  @Override
  public Map<FailedCall, Long> failedCalls() {
    return session.failedCalls();
  }

  /**
   * What the cluster's driver allows (the Go healer has no separate rebuild: reboot, then replace):
   * reboot and replace for both roles on a Heat cluster; on a magnum-cluster-api cluster reboot for
   * both and replace for workers only; reboot alone on other drivers. Before the cluster was first
   * read it is read now; when it cannot be, the Heat driver's actions are answered, and {@link
   * #repair} refuses what the driver turns out not to allow, saying why.
   *
   * @param role the nodes' role
   * @return the actions the cluster's driver allows for that role
   */
  @Override
  public Set<RepairAction> supportedActions(NodeRole role) {
    ClusterDriver d = driver;
    if (d == null) {
      try {
        d = driverOf(magnum.cluster(clusterName));
      } catch (RuntimeException e) {
        log.debug("could not read cluster {} to tell its driver: {}", clusterName, e.getMessage());
        return EnumSet.of(RepairAction.REBOOT, RepairAction.REPLACE);
      }
    }
    return d.actions(role);
  }

  /**
   * The cluster's driver, from its template (read once per template) and its stack_id. A template
   * that cannot be read (an application credential without its access rule, say) leaves the
   * stack_id alone to tell, which is read again next time.
   */
  private ClusterDriver driverOf(Cluster c) {
    ClusterTemplate template = null;
    String id = c.templateId();
    if (id != null && !id.isBlank()) {
      template = templates.get(id);
      if (template == null) {
        try {
          template = magnum.clusterTemplate(id);
          if (templates.size() < MAX_TEMPLATES) {
            templates.put(id, template);
          }
          lastTemplateFailure = null;
        } catch (OpenStackException e) {
          String cause = java.util.Objects.toString(e.getMessage(), e.getClass().getSimpleName());
          if (!cause.equals(lastTemplateFailure)) {
            log.warn("could not read cluster template {} of cluster {}, so its driver is told by its stack_id alone:"
                + " {}", id, clusterName, cause);
          }
          lastTemplateFailure = cause;
        }
      }
    }
    ClusterDriver d = ClusterDriver.of(template, c.stackId());
    if (!d.equals(driver)) {
      log.info("cluster {} is made by {}: healer repairs masters by {} and workers by {}", clusterName, d,
          d.actions(NodeRole.MASTER), d.actions(NodeRole.WORKER));
    }
    driver = d;
    return d;
  }

  // --- is healing allowed ----------------------------------------------------------------------

  @Override
  public ClusterStatus clusterStatus() {
    try {
      ClusterStatus status = askCluster();
      if (lastStatusFailure != null) {
        log.info("OpenStack answers again about cluster {}", clusterName);
        lastStatusFailure = null;
      }
      return status;
    } catch (RuntimeException e) {
      // A cloud that does not answer fails every cycle alike: one WARN when the cause changes.
      String cause = java.util.Objects.toString(e.getMessage(), e.getClass().getSimpleName());
      if (!cause.equals(lastStatusFailure)) {
        log.warn("could not ask OpenStack whether cluster {} may be repaired: {}", clusterName, cause);
      } else {
        log.debug("could not ask OpenStack whether cluster {} may be repaired (again): {}", clusterName, cause);
      }
      lastStatusFailure = cause;
      return ClusterStatus.unknown("could not ask OpenStack: " + cause);
    }
  }

  private ClusterStatus askCluster() {
    Cluster c = magnum.cluster(clusterName);
    lastClusterStatus = c.status();
    ClusterDriver d = driverOf(c);
    if (!c.status().endsWith("_COMPLETE")) {
      return ClusterStatus.busy("Magnum cluster " + clusterName + " is " + c.status());
    }
    String label = c.labels().get(HEALING_LABEL);
    if (label == null) {
      return ClusterStatus.healingDisabled("cluster " + clusterName + " has no label " + HEALING_LABEL);
    }
    Optional<Boolean> enabled = goBool(label);
    if (enabled.isEmpty()) {
      return ClusterStatus.healingDisabled("label " + HEALING_LABEL + " of cluster " + clusterName + " is '"
          + label + "', not a boolean");
    }
    if (!enabled.get()) {
      return ClusterStatus.healingDisabled("label " + HEALING_LABEL + " of cluster " + clusterName + " is " + label);
    }
    // A cluster of a driver without Heat is never asked about in Heat: its Magnum status says it all.
    Stack stack = d.usesHeat() ? stack(c.stackId()) : null;
    snapshot = new Snapshot(c, d, stack, clock.instant(), null);
    if (stack != null && STACK_STATES_PREVENTING_REPAIR.contains(stack.status())) {
      return ClusterStatus.busy("Heat stack " + stack.name() + " of cluster " + clusterName + " is " + stack.status());
    }
    return ClusterStatus.ready();
  }

  /** Go's strconv.ParseBool, which the Go healer applies to the label. */
  static Optional<Boolean> goBool(String s) {
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(true);
      case "0", "f", "F", "FALSE", "false", "False" -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  // --- repairs -----------------------------------------------------------------------------------

  @Override
  public List<RepairResult> repair(RepairRequest request) {
    List<RepairResult> results = new ArrayList<>();
    List<RepairTarget> pending = new ArrayList<>();
    for (RepairTarget target : request.targets()) {
      Optional<Accepted> done = acceptedOf(target.idempotencyKey());
      if (done.isPresent()) {
        results.add(RepairResult.started(target.node().name(), "repair " + target.idempotencyKey()
            + " was already accepted at " + done.get().at() + ", not repeated: " + done.get().detail()));
      } else {
        pending.add(target);
      }
    }
    if (pending.isEmpty()) {
      return results;
    }
    ClusterView view;
    try {
      view = view();
    } catch (RuntimeException e) {
      String reason = "could not read cluster " + clusterName + " from OpenStack: " + e.getMessage();
      pending.forEach(t -> results.add(RepairResult.failed(t.node().name(), reason)));
      return results;
    }
    Map<String, List<Worker>> resizes = new LinkedHashMap<>();
    List<Master> marked = new ArrayList<>();
    for (RepairTarget target : pending) {
      String name = target.node().name();
      Optional<String> serverId = ServerIds.of(target.node());
      if (serverId.isEmpty()) {
        results.add(RepairResult.failed(name, ServerIds.why(target.node()) + "; not repaired"));
        continue;
      }
      String id = serverId.get();
      if (!view.holds(id)) {
        results.add(RepairResult.failed(name, "server " + id + " of node " + name + " is not part of cluster "
            + clusterName + " (no Heat resource of its stacks holds it); not repaired"));
        continue;
      }
      try {
        Optional<String> cannot = target.action() == RepairAction.REPLACE
            ? view.driver().whyNoReplace(clusterName, name, target.node().role()) : Optional.empty();
        if (cannot.isPresent()) {
          // Refused before anything is touched: the driver has no way to replace this node.
          results.add(RepairResult.notSupported(name, cannot.get()));
          continue;
        }
        switch (target.action()) {
          case REBOOT -> results.add(reboot(target, id));
          case REPLACE -> {
            if (target.node().role() == NodeRole.MASTER) {
              replaceMaster(target, id, view).ifPresentOrElse(results::add,
                  () -> marked.add(new Master(name, id, target.idempotencyKey(), progress.get(id))));
            } else {
              replaceWorker(target, id, view).ifPresentOrElse(results::add, () -> {
                NodeGroup g = progress.get(id).nodeGroup();
                resizes.computeIfAbsent(g.name(), k -> new ArrayList<>())
                    .add(new Worker(name, id, target.idempotencyKey(), g));
              });
            }
          }
          default -> results.add(RepairResult.notSupported(name, "OpenStack Magnum repairs by reboot or replace only"));
        }
      } catch (OpenStackException e) {
        results.add(answer(name, id, e));
      }
    }
    resizes.forEach((group, workers) -> results.addAll(resize(view, workers)));
    if (!marked.isEmpty()) {
      results.addAll(updateStack(view, marked));
    }
    return results;
  }

  private record Worker(String name, String serverId, String key, NodeGroup group) {}

  private record Master(String name, String serverId, String key, Progress progress) {}

  /**
   * The cluster as this cycle knows it: what clusterStatus() read within cluster-cache-ttl, with
   * the node groups and resources the first repair read; else read now.
   */
  private ClusterView view() {
    Snapshot s = snapshot;
    if (s != null && Duration.between(s.at(), clock.instant()).compareTo(config.clusterCacheTtl()) < 0) {
      if (s.view() != null) {
        return s.view();
      }
      ClusterView view = load(s.cluster(), s.driver(), s.stack());
      // The window still runs from the cluster's read: the view is no fresher than that.
      snapshot = new Snapshot(s.cluster(), s.driver(), s.stack(), s.at(), view);
      return view;
    }
    Instant at = clock.instant();
    Cluster cluster = magnum.cluster(clusterName);
    lastClusterStatus = cluster.status();
    ClusterDriver d = driverOf(cluster);
    Stack stack = d.usesHeat() ? stack(cluster.stackId()) : null;
    ClusterView view = load(cluster, d, stack);
    snapshot = new Snapshot(cluster, d, stack, at, view);
    return view;
  }

  private ClusterView load(Cluster cluster, ClusterDriver d, Stack stack) {
    return d.usesHeat() ? ClusterView.load(magnum, heat, cluster, d, stack, this::nodeGroupStack)
        : ClusterView.withoutHeat(magnum, cluster, d);
  }

  /** A stack by id: by its remembered name in one request, else by a lookup that Heat redirects. */
  private Stack stack(String id) {
    if (id == null || id.isBlank()) {
      // A cluster of a driver without Heat (Magnum 2026.2's Cluster API drivers), or a broken row.
      throw new OpenStackException(0, "Magnum's cluster " + clusterName + " names no Heat stack"
          + " (neither stack_id nor cluster_id)");
    }
    String name = stackNames.get(id);
    if (name != null) {
      try {
        return heat.stack(name, id);
      } catch (OpenStackException e) {
        if (!e.isNotFound()) {
          throw e;
        }
        stackNames.remove(id);
      }
    }
    Stack stack = heat.stack(id);
    if (stackNames.size() < MAX_STACK_NAMES) {
      stackNames.put(id, stack.name());
    }
    return stack;
  }

  /**
   * A node group's stack for listing its resources: its name and id are all that is needed, so a
   * stack whose name is remembered costs no request.
   */
  private Stack nodeGroupStack(String id) {
    String name = stackNames.get(id);
    return name != null ? new Stack(id, name, "") : stack(id);
  }

  /** Whether Nova's status says a reboot is under way. */
  static boolean rebooting(String novaStatus) {
    return REBOOTING.contains(novaStatus);
  }

  private RepairResult reboot(RepairTarget target, String id) {
    String name = target.node().name();
    // A reboot starts a new repair: whatever an earlier replacement left is forgotten.
    progress.remove(id);
    Optional<Compute.Server> server = nova.server(id);
    if (server.isPresent() && rebooting(server.get().status())) {
      // Accepted before this provider (re)started, or by someone else: never a second reboot.
      String detail = "server " + id + " is already rebooting (Nova status " + server.get().status()
          + "); no second reboot";
      log.info("{} (node {})", detail, name);
      remember(target.idempotencyKey(), detail);
      return RepairResult.started(name, detail);
    }
    String status = server.map(Compute.Server::status).orElse("");
    // Nova allows a soft reboot only from ACTIVE and answers 409 in any other state, which would
    // be retried for ever; a hard reboot is allowed from SHUTOFF, ERROR, PAUSED and SUSPENDED.
    boolean hard = HARD_REBOOT_ONLY.contains(status);
    if (hard) {
      nova.hardReboot(id);
    } else {
      nova.softReboot(id);
    }
    String kind = hard ? "hard reboot (the server is " + status + ", which Nova cannot soft-reboot)" : "soft reboot";
    log.info("{} of server {} (node {}) accepted", kind, id, name);
    String detail = "Nova accepted the " + kind + " of server " + id;
    remember(target.idempotencyKey(), detail);
    return RepairResult.started(name, detail);
  }

  /**
   * A replacement asked for while Magnum is updating the cluster and this provider has no step of
   * it in memory (it restarted): under way when the server already did its part — a worker's is
   * off or gone, a master's resource is marked unhealthy —, else nothing is touched until the
   * update is over.
   */
  private RepairResult replacementDuringUpdate(RepairTarget target, String id, ClusterView view) {
    String name = target.node().name();
    String state;
    if (target.node().role() == NodeRole.MASTER) {
      String resource = view.serverResource(id).map(Resource::status).orElse("");
      state = resource.equals("CHECK_FAILED") ? "its Heat resource is marked unhealthy" : "";
    } else {
      Optional<Compute.Server> server = nova.server(id);
      state = server.isEmpty() ? "the server is gone"
          : server.get().status().equals("SHUTOFF") ? "the server is powered off" : "";
    }
    if (state.isEmpty()) {
      return RepairResult.retryLater(name, "cluster " + clusterName + " is " + view.cluster().status()
          + "; nothing touched, asked again later");
    }
    String detail = "cluster " + clusterName + " is " + view.cluster().status() + " and " + state
        + ": the replacement of server " + id + " is under way; not started again";
    log.info("{} (node {})", detail, name);
    remember(target.idempotencyKey(), detail);
    return RepairResult.started(name, detail);
  }

  // --- accepted repairs --------------------------------------------------------------------------

  private Optional<Accepted> acceptedOf(String key) {
    synchronized (accepted) {
      forgetOld();
      return Optional.ofNullable(accepted.get(key));
    }
  }

  private void remember(String key, String detail) {
    synchronized (accepted) {
      accepted.remove(key);
      accepted.put(key, new Accepted(clock.instant(), detail));
      forgetOld();
    }
  }

  /** Drops keys older than {@link #REMEMBER_FOR} and the oldest beyond {@link #MAX_REMEMBERED}. */
  private void forgetOld() {
    Instant cutoff = clock.instant().minus(REMEMBER_FOR);
    Iterator<Accepted> it = accepted.values().iterator();
    while (it.hasNext()) {
      Accepted a = it.next();
      if (accepted.size() <= MAX_REMEMBERED && a.at().isAfter(cutoff)) {
        break;
      }
      it.remove();
    }
  }

  /** How many accepted repairs are remembered, for tests. */
  int remembered() {
    synchronized (accepted) {
      return accepted.size();
    }
  }

  /** Advances a worker's replacement; empty when it is ready for the resize. */
  private Optional<RepairResult> replaceWorker(RepairTarget target, String id, ClusterView view) {
    String name = target.node().name();
    Progress p = progress.get(id);
    if (p == null && view.busy()) {
      return Optional.of(replacementDuringUpdate(target, id, view));
    }
    if (p == null) {
      // The node group is settled before anything is touched: without it, nothing is done.
      Optional<NodeGroup> group;
      try {
        group = nodeGroupOf(target.node(), id, view);
      } catch (IllegalStateException e) {
        return Optional.of(RepairResult.failed(name, e.getMessage()));
      }
      Optional<String> refused = outOfBounds(group.get(), view);
      if (refused.isPresent()) {
        return Optional.of(RepairResult.failed(name, refused.get()));
      }
      detachDataVolumes(id);
      p = new Progress(Progress.Phase.STOPPING, clock.instant(), group.get(), "");
      stopUnlessStopped(id);
      progress.put(id, p);
    }
    if (p.phase() == Progress.Phase.STOPPING) {
      if (stoppedWithin(id, config.stopWait())) {
        p = p.with(Progress.Phase.READY_TO_RESIZE);
      } else if (!clock.instant().isBefore(p.stopRequestedAt().plus(config.workerPowerOffTimeout()))) {
        // As the Go healer: the resize deletes the server anyway, so a server that will not stop
        // does not block its replacement.
        log.warn("server {} (node {}) did not power off within {}; resizing anyway", id, name,
            config.workerPowerOffTimeout());
        p = p.with(Progress.Phase.READY_TO_RESIZE);
      } else {
        return Optional.of(RepairResult.retryLater(name, "waiting for server " + id + " to power off (os-stop sent at "
            + p.stopRequestedAt() + ", at most " + config.workerPowerOffTimeout() + ")"));
      }
      progress.put(id, p);
    }
    return Optional.empty();
  }

  /**
   * The worker's node group: the one its label names, else the one that lists its address. The
   * group must really hold the server.
   *
   * @throws IllegalStateException naming why no group could be settled (fail closed)
   */
  private Optional<NodeGroup> nodeGroupOf(NodeInfo node, String id, ClusterView view) {
    List<NodeGroup> workerGroups = view.nodeGroups().stream().filter(g -> !g.role().equals("master")).toList();
    String label = node.labels().get(NODE_GROUP_LABEL);
    String rootStack = view.rootStackOfServer().get(id);
    if (label != null) {
      NodeGroup g = workerGroups.stream().filter(x -> x.name().equals(label)).findFirst()
          .orElseThrow(() -> new IllegalStateException("node " + node.name() + " is labelled " + NODE_GROUP_LABEL + "="
              + label + ", but cluster " + clusterName + " has no such worker node group; no resize"));
      // Without Heat there is no stack to check the server against; the driver's resize removes
      // only the group's own machines.
      if (view.driver().usesHeat() && !g.stackId().equals(rootStack)) {
        throw new IllegalStateException("node " + node.name() + " is labelled " + NODE_GROUP_LABEL + "=" + label
            + ", but server " + id + " is not in that node group's stack; no resize");
      }
      return Optional.of(g);
    }
    Set<String> addresses = new HashSet<>();
    node.addresses().forEach(a -> addresses.add(a.address()));
    for (NodeGroup g : workerGroups) {
      NodeGroup detail = view.detail(magnum, g);
      if (detail.nodeAddresses().stream().anyMatch(addresses::contains)
          && (!view.driver().usesHeat() || g.stackId().equals(rootStack))) {
        return Optional.of(detail);
      }
    }
    throw new IllegalStateException("no node group of cluster " + clusterName + " holds server " + id + " of node "
        + node.name() + " (no " + NODE_GROUP_LABEL + " label, and no worker node group lists its addresses "
        + addresses + "); no resize, as resizing a guessed group could scale the cluster");
  }

  /**
   * Why Magnum would refuse the resize, read before the worker is touched: a group whose count is
   * outside its own bounds is refused with 400 (NGResizeOutBounds) only after the server was
   * powered off, which would leave the node down and not replaced. The bounds are read from the
   * group itself: Magnum's list shows them as 0 and none.
   */
  private Optional<String> outOfBounds(NodeGroup group, ClusterView view) {
    NodeGroup detail = view.detail(magnum, group);
    int count = countOf(view, group);
    if (!detail.outOfBounds(count)) {
      return Optional.empty();
    }
    return Optional.of("node group " + group.name() + " of cluster " + clusterName + " has node_count " + count
        + ", outside the allowed range (min_node_count " + detail.minNodeCount() + ", max_node_count "
        + (detail.maxNodeCount() == NodeGroup.UNKNOWN_BOUND ? "none" : detail.maxNodeCount())
        + "): Magnum refuses every resize of it, so the worker is not touched; not repaired");
  }

  /** The group's count as Magnum has it now, so that the resize replaces and never scales. */
  private static int countOf(ClusterView view, NodeGroup g) {
    return view.nodeGroups().stream().filter(x -> x.uuid().equals(g.uuid())).mapToInt(NodeGroup::nodeCount)
        .findFirst().orElse(g.nodeCount());
  }

  private List<RepairResult> resize(ClusterView view, List<Worker> workers) {
    NodeGroup g = workers.get(0).group();
    int count = countOf(view, g);
    List<String> ids = workers.stream().map(Worker::serverId).toList();
    List<RepairResult> results = new ArrayList<>();
    try {
      magnum.resize(view.cluster().uuid(), g.name(), count, ids);
      log.info("Magnum resize of node group {} accepted: removing servers {}, node_count stays {}", g.name(), ids, count);
      snapshot = null;
      for (Worker w : workers) {
        progress.remove(w.serverId());
        String detail = "Magnum accepted the resize of node group " + g.name() + " removing server "
            + w.serverId() + " (node_count stays " + count + "); the old Node object " + w.name() + " may be deleted";
        remember(w.key(), detail);
        results.add(RepairResult.started(w.name(), detail));
      }
    } catch (OpenStackException e) {
      for (Worker w : workers) {
        results.add(answer(w.name(), w.serverId(), e));
      }
    }
    return results;
  }

  /** Advances a master's replacement; empty when its server resource is marked unhealthy. */
  private Optional<RepairResult> replaceMaster(RepairTarget target, String id, ClusterView view) {
    String name = target.node().name();
    Resource serverResource = view.serverResource(id).orElseThrow();
    String reason = "marked unhealthy by healer: " + target.reason();
    Progress p = progress.get(id);
    if (p == null && view.busy()) {
      return Optional.of(replacementDuringUpdate(target, id, view));
    }
    if (p == null) {
      String root = detachDataVolumes(id);
      if (!root.isEmpty()) {
        Resource volume = view.resourceOf(root).orElse(
            new Resource(root, "", root, serverResource.stackName(), serverResource.stackId(), ""));
        heat.markUnhealthy(volume, reason);
      }
      p = new Progress(Progress.Phase.STOPPING, clock.instant(), null, root);
      stopUnlessStopped(id);
      progress.put(id, p);
    }
    if (p.phase() == Progress.Phase.STOPPING) {
      if (!stoppedWithin(id, config.stopWait())) {
        if (clock.instant().isBefore(p.stopRequestedAt().plus(config.masterPowerOffTimeout()))) {
          return Optional.of(RepairResult.retryLater(name, "waiting for server " + id + " to power off (os-stop sent at "
              + p.stopRequestedAt() + ", force-deleted after " + config.masterPowerOffTimeout() + ")"));
        }
        // As the Go healer: a server that will not stop is deleted, or the stack update fails.
        log.warn("server {} (node {}) did not power off within {}; force-deleting it", id, name,
            config.masterPowerOffTimeout());
        nova.forceDelete(id);
      }
      heat.markUnhealthy(serverResource, reason);
      p = p.with(Progress.Phase.MARKED);
      progress.put(id, p);
    }
    return Optional.empty();
  }

  private List<RepairResult> updateStack(ClusterView view, List<Master> masters) {
    List<RepairResult> results = new ArrayList<>();
    try {
      heat.updateExisting(view.stack());
      log.info("Heat update of stack {} accepted to rebuild masters {}", view.stack().name(),
          masters.stream().map(Master::name).toList());
      snapshot = null;
      for (Master m : masters) {
        progress.remove(m.serverId());
        String root = m.progress().rootVolume();
        String detail = "Heat accepted the update of stack " + view.stack().name() + " rebuilding server "
            + m.serverId() + (root.isEmpty() ? "" : " and root volume " + root) + "; the old Node object " + m.name()
            + " may be deleted";
        remember(m.key(), detail);
        results.add(RepairResult.started(m.name(), detail));
      }
    } catch (OpenStackException e) {
      for (Master m : masters) {
        results.add(answer(m.name(), m.serverId(), e));
      }
    }
    return results;
  }

  /** Detaches every non-bootable volume; returns the bootable (root) volume's id, or empty. */
  private String detachDataVolumes(String id) {
    String root = "";
    for (Compute.Attachment a : nova.attachments(id)) {
      if (cinder.volume(a.volumeId()).bootable()) {
        root = a.volumeId();
      } else {
        nova.detach(id, a.id());
        log.info("detached volume {} from server {}", a.volumeId(), id);
      }
    }
    return root;
  }

  private void stopUnlessStopped(String id) {
    Optional<Compute.Server> s = nova.server(id);
    if (s.isPresent() && !s.get().status().equals("SHUTOFF")) {
      nova.stop(id);
    }
  }

  /** Polls the server for at most {@code wait} (stop-wait: seconds, never minutes). */
  private boolean stoppedWithin(String id, Duration wait) {
    long polls = Math.max(1, wait.toSeconds() + 1);
    for (long i = 0; i < polls; i++) {
      Optional<Compute.Server> s = nova.server(id);
      if (s.isEmpty() || s.get().status().equals("SHUTOFF")) {
        return true;
      }
      if (i + 1 < polls) {
        try {
          sleeper.sleep(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return false;
  }

  private RepairResult answer(String name, String id, OpenStackException e) {
    if (e.isConflict()) {
      // The cluster is busy; the step is kept so the same step, not a second repair, runs later.
      return RepairResult.retryLater(name, "OpenStack is busy (409): " + e.getMessage());
    }
    if (e.isThrottled()) {
      // A change is sent once, never retried in the call; a 429 did nothing, so the step waits too.
      return RepairResult.retryLater(name, "OpenStack limits the rate of calls (429): " + e.getMessage());
    }
    progress.remove(id);
    return RepairResult.failed(name, e.getMessage());
  }

  // --- fencing ---------------------------------------------------------------------------------

  /**
   * The server's Nova status ({@code GET /servers/{id}}), read fresh: {@code SHUTOFF} is off,
   * {@code ACTIVE} running, any other status neither; a node without server, a server Nova does not
   * know and any error are unknown, so the engine never fences on them.
   */
  @Override
  public PowerState powerState(NodeInfo node) {
    Optional<String> id = ServerIds.of(node);
    if (id.isEmpty()) {
      return PowerState.unknown(ServerIds.why(node));
    }
    try {
      Optional<Compute.Server> server = nova.server(id.get());
      if (server.isEmpty()) {
        return PowerState.unknown("Nova does not know server " + id.get() + " (404)");
      }
      String status = server.get().status();
      return switch (status) {
        case "SHUTOFF" -> PowerState.off(status);
        case "ACTIVE" -> PowerState.running(status);
        default -> PowerState.other(status);
      };
    } catch (RuntimeException e) {
      return PowerState.unknown("could not read server " + id.get() + " from Nova: "
          + java.util.Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
    }
  }

  /**
   * The second opinion: the server's Nova status, {@code hostId}, {@code host_status} (asked at
   * microversion 2.16; absent where Nova is older or its policy hides it from this user) and zone,
   * read fresh; a node without server, a server Nova does not know and any error are unknown.
   */
  @Override
  public ServerState serverState(NodeInfo node) {
    Optional<String> id = ServerIds.of(node);
    if (id.isEmpty()) {
      return ServerState.unknown(ServerIds.why(node));
    }
    try {
      Optional<Compute.Placement> server = nova.placement(id.get());
      if (server.isEmpty()) {
        return ServerState.unknown("Nova does not know server " + id.get() + " (404)");
      }
      Compute.Placement p = server.get();
      return ServerState.reported(p.status(), p.hostId(), p.hostStatus(), p.zone());
    } catch (RuntimeException e) {
      return ServerState.unknown("could not read server " + id.get() + " from Nova: "
          + java.util.Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
    }
  }

  /**
   * {@code POST /servers/{id}/action {"os-stop": null}}, only for a server one of the cluster's
   * Heat resources holds (never someone else's VM); Nova answers 202 and stops it later, 409 when it
   * is stopping already or in a state it cannot stop from.
   */
  @Override
  public RepairResult powerOff(NodeInfo node) {
    String name = node.name();
    Optional<String> id = ServerIds.of(node);
    if (id.isEmpty()) {
      return RepairResult.failed(name, ServerIds.why(node) + "; not powered off");
    }
    try {
      if (!view().holds(id.get())) {
        return RepairResult.failed(name, "server " + id.get() + " of node " + name + " is not part of cluster "
            + clusterName + "; not powered off");
      }
      nova.stop(id.get());
      log.info("asked Nova to stop server {} (node {}) before it is marked out of service", id.get(), name);
      return RepairResult.started(name, "Nova accepted os-stop of server " + id.get());
    } catch (OpenStackException e) {
      return e.isConflict() || e.isThrottled()
          ? RepairResult.retryLater(name, "Nova did not take os-stop now: " + e.getMessage())
          : RepairResult.failed(name, e.getMessage());
    } catch (RuntimeException e) {
      return RepairResult.failed(name, "could not read cluster " + clusterName + " from OpenStack: " + e.getMessage());
    }
  }

  // --- health report ---------------------------------------------------------------------------

  /**
   * Patches the cluster's {@code health_status} (HEALTHY or UNHEALTHY) and {@code
   * health_status_reason}: a dict of strings (sent as its JSON text, which Magnum's JSON-patch
   * requires) naming every unhealthy node of both roles, as {@code
   * "<node>.<check>": "<role> unhealthy since <ISO time>: <reason>"}, and {@code updated_at}. Sent
   * only when it changed, or when the last one went to a cluster that was not {@code *_COMPLETE}
   * (Magnum's conductor drops those after the API said 202). Magnum keeps it only when the cluster has the label {@code
   * auto_healing_controller=magnum-auto-healer}.
   *
   * @throws OpenStackException when Magnum refuses it (the engine logs it and reports again)
   */
  @Override
  public void reportClusterHealth(ClusterHealth health) {
    Map<String, String> reason = new LinkedHashMap<>();
    if (health.healthy()) {
      reason.put("api", "ok");
      reason.put("nodes", "ok");
    }
    for (ClusterHealth.UnhealthyNode n : health.unhealthyNodes()) {
      reason.put(n.name() + "." + n.check(), n.role().name().toLowerCase(Locale.ROOT) + " unhealthy since "
          + n.since() + ": " + n.reason());
    }
    String status = health.healthy() ? "HEALTHY" : "UNHEALTHY";
    String key = status + reason;
    if (key.equals(lastHealthKey)) {
      return;
    }
    Map<String, String> sent = new LinkedHashMap<>();
    sent.put("updated_at", health.observedAt().toString());
    sent.putAll(reason);
    Snapshot s = snapshot;
    magnum.updateHealth(s == null ? clusterName : s.cluster().uuid(), status, sent);
    // Magnum answers 202 and its conductor drops the update unless the cluster is *_COMPLETE
    // (UPDATE_IN_PROGRESS, UPDATE_FAILED...): a report sent to a cluster last seen in another
    // state does not count as sent and goes again next time.
    String seen = lastClusterStatus;
    if (seen == null || seen.endsWith("_COMPLETE")) {
      lastHealthKey = key;
    }
  }

  @Override
  public String toString() {
    return "MagnumCloudProvider[cluster=" + clusterName + ", " + config.auth() + "]";
  }
}
