package io.healer.testkit.openstack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.healer.api.API;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A stateful fake OpenStack on loopback: Keystone v3, Nova, Cinder, Magnum and Heat, enough of each
 * for a cloud provider that repairs Magnum clusters the way magnum-auto-healer does. It answers
 * from an in-memory model, records every request, and moves in time only with its {@link Clock}
 * (use the testkit's {@code ManualClock}): a stopped server turns {@code SHUTOFF}, a resize or a
 * stack update completes and replaces servers, a token expires — when the clock says so.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * try (FakeOpenStack openstack = FakeOpenStack.start(clock)) {
 *   openstack.createCluster("k8s", 1, Map.of("default-worker", 2));
 *   Map<String, Object> block = openstack.passwordAuth();   // the config.yaml openstack block
 *   // ... run the provider, advance the clock ...
 *   assertThat(openstack.calls()).contains("POST /magnum/v1/clusters/k8s/actions/resize");
 * }
 * }</pre>
 *
 * <p>What it serves (paths below {@link #baseUrl()}; the catalog lists them for {@link #REGION}):
 * <ul>
 *   <li>Keystone {@code POST /identity/v3/auth/tokens}: password (user id, or name with domain;
 *       project scope by id, or name with domain; or a trust scope) and application credential
 *       (id, or name with user) methods. Tokens live {@link #tokenLifetime(Duration)} (1 h); an
 *       expired, revoked or missing token gets 401 everywhere else.
 *   <li>Nova {@code /compute/v2.1}: get server, actions {@code reboot} (soft from {@code ACTIVE}
 *       only, hard also from {@code SHUTOFF}, {@code ERROR}, {@code PAUSED}, {@code SUSPENDED}, as
 *       Nova; else 409), {@code os-stop} (the server
 *       is {@code SHUTOFF} {@link #stopTime(Duration)} later, or never, see {@link
 *       #neverStops(String)}), {@code forceDelete}; list and delete volume attachments.
 *   <li>Cinder {@code /volume/v3/{project}}: get volume (with its {@code bootable} flag). The
 *       catalog registers it as {@code block-storage}, as current devstack and kolla do; {@link
 *       #cinderCatalogType(String)} registers it as an older cloud does ({@code volumev3}).
 *   <li>Magnum {@code /magnum/v1} (node groups and resize need {@code OpenStack-API-Version:
 *       container-infra} 1.9 or {@code latest}; like Magnum 15, any request for a microversion
 *       above 1.10 is 406): get and JSON-patch a cluster (health status), list
 *       and get node groups (details list {@code node_addresses} and the bounds), resize — 400
 *       outside the group's bounds ({@link #nodeGroupBounds}); like Magnum 15, a resize during
 *       another update is 202 and runs too (ending after it), and in any other busy state 202 and
 *       dropped; {@link #resizeTime(Duration)} later the removed servers are gone and new ones
 *       bring the group to {@code node_count}. A cluster name two clusters share is 409.
 *   <li>Heat {@code /heat/v1/{project}}: get stack (by id: a 302 to its name and id), list
 *       resources with {@code nested_depth}, mark a resource unhealthy (PATCH on the resource),
 *       PATCH-update a stack: {@link #stackUpdateTime(Duration)} later every server resource marked
 *       unhealthy is a new server (a PATCH during another update is 202 and runs too, as Heat 19's).
 * </ul>
 *
 * <p>Errors carry each service's own JSON shape. {@link #failNext} injects an answer (409, 500...)
 * for matching requests. Ids are deterministic, so call logs are stable across runs. Secrets are
 * never recorded: Keystone bodies are recorded as their list of methods only.
 *
 * <p>Broken answers, for what a provider must survive: {@link #answerNext} serves a raw answer (a
 * proxy's HTML page, a 429 with {@code Retry-After}), {@link #truncateNext} cuts the model's body
 * short, {@link #tokensWithoutCatalog} issues tokens without endpoints.
 *
 * <p>Thread-safe. Close it to stop the server.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FakeOpenStack implements AutoCloseable {

  /** The region of every working endpoint in the catalog. */
  public static final String REGION = "RegionOne";
  /** The user that may log in with {@link #PASSWORD}. */
  public static final String USERNAME = "healer";
  /** The id of that user. */
  public static final String USER_ID = "4b7e2c1a9d8f4e3ab6c5d4e3f2a1b0c9";
  /** The user's domain name. */
  public static final String DOMAIN = "Default";
  /** The user's password. A test asserts it never shows up in logs or messages. */
  public static final String PASSWORD = "pa55-w0rd-never-logged";
  /** The id of the one application credential. */
  public static final String APPLICATION_CREDENTIAL_ID = "ac0d5e7f9a1b4c3d8e2f6a5b4c3d2e1f";
  /** The name of the one application credential. */
  public static final String APPLICATION_CREDENTIAL_NAME = "healer-credential";
  /** The application credential's secret. */
  public static final String APPLICATION_CREDENTIAL_SECRET = "app-cred-s3cret-never-logged";
  /** A trust that scopes to the project. */
  public static final String TRUST_ID = "7a1e9c3b5d7f4e2a8c6b4d2f0e9a8b7c";

  private final WireMockServer server;
  private final OpenStackState state;

  private FakeOpenStack(Clock clock) {
    Dispatcher dispatcher = new Dispatcher();
    server = new WireMockServer(WireMockConfiguration.options()
        .bindAddress("127.0.0.1")
        .dynamicPort()
        .disableRequestJournal()
        .gzipDisabled(true)
        .extensions(dispatcher));
    server.start();
    state = new OpenStackState(Objects.requireNonNull(clock, "clock"), server.baseUrl());
    dispatcher.state = state;
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
  }

  /**
   * Starts a fake OpenStack on a free loopback port, with one project ({@code demo}), the user
   * {@link #USERNAME}, the application credential {@link #APPLICATION_CREDENTIAL_ID} and no cluster.
   *
   * @param clock the clock that drives tokens and transitions, never {@code null}
   * @return the started fake; close it when done
   */
  public static FakeOpenStack start(Clock clock) {
    return new FakeOpenStack(clock);
  }

  /**
   * The base URL, such as {@code http://127.0.0.1:54321}.
   *
   * @return the fake's loopback URL, without a trailing slash; every service is a path below it
   */
  public String baseUrl() {
    return server.baseUrl();
  }

  /**
   * Keystone's URL, for the provider's {@code auth-url}.
   *
   * @return the base URL followed by {@code /identity/v3}
   */
  public String authUrl() {
    return server.baseUrl() + "/identity/v3";
  }

  /**
   * The project's id.
   *
   * @return the id of the one project, {@code demo}, that tokens are scoped to
   */
  public String projectId() {
    return OpenStackState.PROJECT_ID;
  }

  /**
   * An {@code openstack} config block that logs in with user name and password.
   *
   * @return a new mutable map of config keys ({@code auth-url}, {@code username}, {@code
   *     password}, project, domains, region); change it to test other settings
   */
  public Map<String, Object> passwordAuth() {
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("auth-url", authUrl());
    block.put("username", USERNAME);
    block.put("user-domain-name", DOMAIN);
    block.put("password", PASSWORD);
    block.put("project-name", OpenStackState.PROJECT_NAME);
    block.put("project-domain-name", DOMAIN);
    block.put("region", REGION);
    return block;
  }

  /**
   * An {@code openstack} config block that logs in with the application credential.
   *
   * @return a new mutable map of config keys ({@code auth-url}, {@code application-credential-id},
   *     {@code application-credential-secret}, {@code region})
   */
  public Map<String, Object> applicationCredentialAuth() {
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("auth-url", authUrl());
    block.put("application-credential-id", APPLICATION_CREDENTIAL_ID);
    block.put("application-credential-secret", APPLICATION_CREDENTIAL_SECRET);
    block.put("region", REGION);
    return block;
  }

  // --- the model -------------------------------------------------------------------------------

  /**
   * Creates a Magnum cluster in {@code CREATE_COMPLETE} with the labels {@code
   * auto_healing_enabled=true} and {@code auto_healing_controller=magnum-auto-healer}, its Heat
   * stack, and one server per node. Masters are in node group {@code default-master}; the workers
   * of {@code default-worker} live in the cluster's stack, those of other groups in their own.
   *
   * @param name the cluster's name
   * @param masters the number of masters
   * @param workerGroups node group name to worker count, in order
   * @return the cluster's uuid
   */
  public String createCluster(String name, int masters, Map<String, Integer> workerGroups) {
    synchronized (state) {
      return state.createCluster(name, masters, new LinkedHashMap<>(workerGroups)).uuid;
    }
  }

  /**
   * Creates a cluster of a Cluster API driver, as Magnum with magnum-cluster-api or
   * magnum-capi-helm holds it: {@code CREATE_COMPLETE} with the same labels as {@link
   * #createCluster}, servers in Nova, but no Heat stack or resource at all (Heat answers 404 for
   * anything about it). Its {@code stack_id} is what the driver writes there ({@code kube-xxxxx}
   * for magnum-cluster-api, the name and a random part for magnum-capi-helm, none for another
   * driver); its template has {@code cluster_distro} ubuntu (flatcar or rockylinux when the
   * driver's name ends so). Node groups show no addresses. A resize follows the driver: {@code
   * k8s_cluster_api_*} removes the servers in {@code nodes_to_remove}, {@code k8s_capi_*} ignores
   * them and only scales.
   *
   * @param name the cluster's name
   * @param driver the driver's entry point, such as {@code k8s_cluster_api_ubuntu} or {@code k8s_capi_helm_v1}
   * @param templateNamesDriver whether the template shows {@code driver}, as Magnum 2026.2 does;
   *     {@code false} for an older Magnum, which shows only {@code cluster_distro}
   * @param masters the number of masters
   * @param workerGroups node group name to worker count, in order
   * @return the cluster's uuid
   */
  public String createClusterApiCluster(String name, String driver, boolean templateNamesDriver, int masters,
      Map<String, Integer> workerGroups) {
    synchronized (state) {
      return state.createClusterApiCluster(name, driver, templateNamesDriver, masters,
          new LinkedHashMap<>(workerGroups)).uuid;
    }
  }

  /**
   * The ids of the live servers of a node group, oldest first.
   *
   * @param cluster the cluster's name or uuid
   * @param nodeGroup the node group's name, such as {@code default-worker}
   * @return the Nova ids of the group's servers that are not deleted, as of the clock's time now
   * @throws IllegalArgumentException when there is no such cluster
   * @throws NullPointerException when the cluster has no such node group
   */
  public List<String> serverIds(String cluster, String nodeGroup) {
    synchronized (state) {
      state.tick();
      OpenStackState.Cluster c = state.cluster(cluster);
      return state.members(c, Objects.requireNonNull(c.nodeGroups.get(nodeGroup), nodeGroup)).stream()
          .map(s -> s.id).toList();
    }
  }

  /**
   * A server, if it ever existed (deleted servers are kept with status {@code DELETED}).
   *
   * @param id the Nova server id
   * @return a snapshot of the server as of the clock's time now; empty for an id never issued
   */
  public Optional<FakeServer> server(String id) {
    synchronized (state) {
      state.tick();
      OpenStackState.Server s = state.servers.get(id);
      return Optional.ofNullable(s).map(x -> new FakeServer(x.id, x.name, x.status, x.address,
          x.nodeGroup == null ? "" : x.nodeGroup, x.reboots));
    }
  }

  /**
   * Creates a server that belongs to no cluster.
   *
   * @param name the server's Nova name
   * @return the new server's id; the server is {@code ACTIVE}
   */
  public String createStandaloneServer(String name) {
    synchronized (state) {
      return state.addServer(name, "", null).id;
    }
  }

  /**
   * Attaches a new non-bootable data volume to a server; returns the volume id.
   *
   * @param serverId the server to attach it to
   * @return the new volume's id, which is also its attachment id
   * @throws IllegalArgumentException when there is no such server
   */
  public String attachDataVolume(String serverId) {
    synchronized (state) {
      return state.addVolume(serverId, false).id;
    }
  }

  /**
   * Makes a server boot from a new bootable volume (with its own Heat resource,
   * {@code OS::Cinder::Volume}, beside the server's); returns the volume id.
   *
   * @param serverId the server to boot from it
   * @return the new volume's id
   * @throws IllegalArgumentException when there is no such server
   */
  public String bootFromVolume(String serverId) {
    synchronized (state) {
      return state.addVolume(serverId, true).id;
    }
  }

  /**
   * The volume ids attached to a server.
   *
   * @param serverId the server
   * @return an unmodifiable copy, in the order they were attached
   * @throws IllegalArgumentException when there is no such server
   */
  public List<String> attachedVolumes(String serverId) {
    synchronized (state) {
      return List.copyOf(state.server(serverId).volumes);
    }
  }

  /**
   * Sets a server's Nova status, such as {@code SHUTOFF} or {@code ERROR}.
   *
   * @param serverId the server
   * @param status the new status, not {@code null}; the fake does not check it is one Nova knows
   * @throws IllegalArgumentException when there is no such server
   */
  public void serverStatus(String serverId, String status) {
    synchronized (state) {
      state.server(serverId).status = Objects.requireNonNull(status, "status");
    }
  }

  /**
   * Puts a server on a compute host ({@code compute-1} for every server by default); Nova shows the
   * host as {@code hostId}, the SHA-224 of the project id and the host's name.
   *
   * @param serverId the server
   * @param host the host's name, not {@code null}
   * @since 0.2
   */
  public void serverHost(String serverId, String host) {
    synchronized (state) {
      state.server(serverId).host = Objects.requireNonNull(host, "host");
    }
  }

  /**
   * The {@code hostId} Nova shows for servers on a host.
   *
   * @param host the host's name
   * @return the id, as in the server's JSON
   * @since 0.2
   */
  public static String hostIdOf(String host) {
    return OpenStackState.hostId(host);
  }

  /**
   * Sets a compute host's state as {@code host_status} shows it ({@code UP} by default; {@code
   * DOWN}, {@code MAINTENANCE}, {@code UNKNOWN}).
   *
   * @param host the host's name
   * @param status the state, not {@code null}
   * @since 0.2
   */
  public void hostStatus(String host, String status) {
    synchronized (state) {
      state.hostStates.put(Objects.requireNonNull(host, "host"), Objects.requireNonNull(status, "status"));
    }
  }

  /**
   * Whether Nova's policy shows {@code host_status} (microversion 2.16 and later) to healer's user;
   * shown by default, as to an admin.
   *
   * @param shown {@code false} to hide it, as Nova's default policy does for a project member
   * @since 0.2
   */
  public void hostStatusShown(boolean shown) {
    synchronized (state) {
      state.hostStatusShown = shown;
    }
  }

  /**
   * The highest compute microversion the fake Nova serves, as 2.{@code minor}; 2.96 by default. A
   * request for a higher one is refused with 406, as Nova does.
   *
   * @param minor the minor version, 1 or more
   * @since 0.2
   */
  public void novaMaxMicroversion(int minor) {
    if (minor < 1) {
      throw new IllegalArgumentException("minor must be 1 or more, was " + minor);
    }
    synchronized (state) {
      state.novaMaxMinor = minor;
    }
  }

  /**
   * Makes {@code os-stop} never take effect on the server (a hung guest).
   *
   * @param serverId the server, which then stays {@code ACTIVE} after {@code os-stop}
   * @throws IllegalArgumentException when there is no such server
   */
  public void neverStops(String serverId) {
    synchronized (state) {
      state.server(serverId).neverStops = true;
    }
  }

  /**
   * Sets a label of a cluster ({@code null} removes it).
   *
   * @param cluster the cluster's name or uuid
   * @param key the label, such as {@code auto_healing_enabled}
   * @param value its new value, or {@code null} to remove the label
   * @throws IllegalArgumentException when there is no such cluster
   */
  public void label(String cluster, String key, String value) {
    synchronized (state) {
      if (value == null) {
        state.cluster(cluster).labels.remove(key);
      } else {
        state.cluster(cluster).labels.put(key, value);
      }
    }
  }

  /**
   * Sets a cluster's Magnum status, such as {@code UPDATE_IN_PROGRESS}.
   *
   * @param cluster the cluster's name or uuid
   * @param status the new status, as Magnum shows it
   * @throws IllegalArgumentException when there is no such cluster
   */
  public void clusterStatus(String cluster, String status) {
    synchronized (state) {
      state.cluster(cluster).status = status;
    }
  }

  /**
   * A cluster's Magnum status.
   *
   * @param cluster the cluster's name or uuid
   * @return the status as of the clock's time now, such as {@code UPDATE_COMPLETE} once a resize's
   *     time has passed
   * @throws IllegalArgumentException when there is no such cluster
   */
  public String clusterStatus(String cluster) {
    synchronized (state) {
      state.tick();
      return state.cluster(cluster).status;
    }
  }

  /**
   * Sets the status of a cluster's Heat stack, such as {@code UPDATE_FAILED}.
   *
   * @param cluster the cluster's name or uuid
   * @param status the stack's new status, as Heat shows it
   * @throws IllegalArgumentException when there is no such cluster, or it has no Heat stack (a Cluster API cluster)
   */
  public void stackStatus(String cluster, String status) {
    synchronized (state) {
      heatStack(cluster).status = status;
    }
  }

  /**
   * Sets a node group's resize bounds ({@code min_node_count}, {@code max_node_count}); a resize
   * to a count outside them is refused with 400, as Magnum's {@code NGResizeOutBounds}. Only the
   * group's own GET shows them: the list shows 0 and {@code null}, as Magnum's does.
   *
   * @param cluster the cluster's name or uuid
   * @param nodeGroup the node group's name
   * @param min the minimum node count
   * @param max the maximum, or {@code null} for none
   * @throws IllegalArgumentException when there is no such cluster
   * @throws NullPointerException when the cluster has no such node group
   */
  public void nodeGroupBounds(String cluster, String nodeGroup, int min, Integer max) {
    synchronized (state) {
      OpenStackState.NodeGroup g = Objects.requireNonNull(state.cluster(cluster).nodeGroups.get(nodeGroup), nodeGroup);
      g.minNodeCount = min;
      g.maxNodeCount = max;
    }
  }

  /**
   * Deletes a cluster's Heat stack behind Magnum's back: the cluster still names it, Heat answers 404.
   *
   * @param cluster the cluster's name or uuid
   * @throws IllegalArgumentException when there is no such cluster, or it has no Heat stack (a Cluster API cluster)
   */
  public void loseStack(String cluster) {
    synchronized (state) {
      state.stacks.remove(heatStack(cluster).id);
    }
  }

  private OpenStackState.Stack heatStack(String cluster) {
    OpenStackState.Cluster c = state.cluster(cluster);
    if (c.stack == null) {
      throw new IllegalArgumentException("cluster " + cluster + " is a Cluster API cluster (" + c.capiDriver
          + "): it has no Heat stack");
    }
    return c.stack;
  }

  /**
   * Makes Heat's lookup of a stack by id redirect to another base URL, such as {@code
   * http://heat.internal:8004} behind an {@code https} proxy: Heat builds {@code Location} from
   * its own host and scheme, which need not be the client's.
   *
   * @param base the scheme, host and port to redirect to, without a trailing slash
   */
  public void stackRedirectBase(String base) {
    synchronized (state) {
      state.redirectBase = Objects.requireNonNull(base, "base");
    }
  }

  /**
   * A node group's {@code node_count}.
   *
   * @param cluster the cluster's name or uuid
   * @param nodeGroup the node group's name
   * @return the count Magnum shows as of the clock's time now (a resize changes it when it is done)
   * @throws IllegalArgumentException when there is no such cluster
   */
  public int nodeCount(String cluster, String nodeGroup) {
    synchronized (state) {
      state.tick();
      return state.cluster(cluster).nodeGroups.get(nodeGroup).nodeCount;
    }
  }

  /**
   * The cluster's {@code health_status} as last patched ({@code UNKNOWN} at first).
   *
   * @param cluster the cluster's name or uuid
   * @return the status, such as {@code HEALTHY}
   * @throws IllegalArgumentException when there is no such cluster
   */
  public String healthStatus(String cluster) {
    synchronized (state) {
      return state.cluster(cluster).healthStatus;
    }
  }

  /**
   * The cluster's {@code health_status_reason} as last applied: the dict Magnum stores (the patch
   * sends its text); a patch sent while the cluster was not {@code *_COMPLETE} was dropped.
   *
   * @param cluster the cluster's name or uuid
   * @return the reason as parsed JSON (a {@code Map} for the dict healer sends); an empty map before
   *     the first patch
   * @throws IllegalArgumentException when there is no such cluster
   */
  public Object healthStatusReason(String cluster) {
    synchronized (state) {
      return state.cluster(cluster).healthStatusReason;
    }
  }

  /**
   * The Heat status of the resource whose physical id is given, such as {@code CHECK_FAILED}.
   *
   * @param physicalId what the resource created: a server id or a volume id
   * @return the resource's status; empty when no resource of any stack has that physical id
   */
  public Optional<String> resourceStatus(String physicalId) {
    synchronized (state) {
      return state.resources.stream().filter(r -> r.physicalId.equals(physicalId)).map(r -> r.status).findFirst();
    }
  }

  // --- behaviour -------------------------------------------------------------------------------

  /**
   * How long an issued token is valid (1 h by default).
   *
   * @param lifetime the validity of tokens issued from now on, by the fake's clock
   */
  public void tokenLifetime(Duration lifetime) {
    synchronized (state) {
      state.tokenLifetime = lifetime;
    }
  }

  /** Invalidates every issued token, as a Keystone restart with new keys would. */
  public void revokeAllTokens() {
    synchronized (state) {
      state.revokeTokens();
    }
  }

  /**
   * How long a server takes to be {@code SHUTOFF} after {@code os-stop} (20 s by default).
   *
   * @param time the delay, by the fake's clock, for stops requested from now on
   */
  public void stopTime(Duration time) {
    synchronized (state) {
      state.stopTime = time;
    }
  }

  /**
   * How long a Magnum resize takes (5 min by default).
   *
   * @param time the delay, by the fake's clock, from the resize request to {@code UPDATE_COMPLETE}
   */
  public void resizeTime(Duration time) {
    synchronized (state) {
      state.resizeTime = time;
    }
  }

  /**
   * How long a Heat stack update takes (10 min by default).
   *
   * @param time the delay, by the fake's clock, from the update request to its completion
   */
  public void stackUpdateTime(Duration time) {
    synchronized (state) {
      state.stackUpdateTime = time;
    }
  }

  /**
   * Whether resizes and stack updates create replacement servers (true by default).
   *
   * @param join {@code false} to have removed or unhealthy servers go without replacements, as when
   *     new nodes fail to come up
   */
  public void replacementsJoin(boolean join) {
    synchronized (state) {
      state.replacementsJoin = join;
    }
  }

  /**
   * Answers the next {@code times} requests that match with an error of the service's shape.
   *
   * @param method the HTTP method, such as {@code POST}
   * @param pathRegex a regular expression the whole path must match, such as {@code
   *     /magnum/v1/clusters/[^/]+/actions/resize}
   * @param status the status to answer, such as 409
   * @param times how many matching requests to fail
   */
  public void failNext(String method, String pathRegex, int status, int times) {
    synchronized (state) {
      state.fail(method.toUpperCase(Locale.ROOT), pathRegex, status, "injected failure " + status, times);
    }
  }

  /**
   * Answers the next {@code times} requests that match with this answer instead of the model's
   * (the model does nothing): a proxy's HTML error page, a body too deep or too large, a 429 or 503
   * with {@code Retry-After}.
   *
   * @param method the HTTP method, such as {@code GET}
   * @param pathRegex a regular expression the whole path must match
   * @param status the status to answer
   * @param headers the answer's headers, such as {@code Content-Type} or {@code Retry-After}
   * @param body the body, sent as it is
   * @param times how many matching requests to answer so
   * @since 0.1
   */
  public void answerNext(String method, String pathRegex, int status, Map<String, String> headers, String body,
      int times) {
    synchronized (state) {
      state.answerNext(method.toUpperCase(Locale.ROOT), pathRegex, new OpenStackState.Answer(status, body,
          Map.copyOf(headers)), times);
    }
  }

  /**
   * Cuts the body of the model's answer to the next {@code times} matching requests to its first
   * {@code keep} characters, as a connection that a proxy closed mid-body and framed as complete
   * would deliver it. The model acts as usual.
   *
   * @param method the HTTP method
   * @param pathRegex a regular expression the whole path must match
   * @param keep how many characters of the body to send
   * @param times how many matching answers to cut
   * @since 0.1
   */
  public void truncateNext(String method, String pathRegex, int keep, int times) {
    synchronized (state) {
      state.cutNext(method.toUpperCase(Locale.ROOT), pathRegex, keep, times);
    }
  }

  /**
   * Issues tokens without a service catalog from now on: with no {@code catalog} key at all (as
   * Keystone answers {@code ?nocatalog}) or, when {@code emptyList}, with {@code "catalog": []}
   * (as for a project whose endpoints were all removed).
   *
   * @param emptyList whether the key stays, with an empty list
   * @since 0.1
   */
  public void tokensWithoutCatalog(boolean emptyList) {
    synchronized (state) {
      state.tokenCatalog = emptyList ? "empty" : "absent";
    }
  }

  /**
   * Registers Cinder in the catalog of tokens issued from now on under {@code type} instead of
   * {@code block-storage}: {@code volumev3}, {@code volumev2} or {@code volume}, as older clouds do.
   *
   * @param type the catalog type
   * @since 0.1
   */
  public void cinderCatalogType(String type) {
    synchronized (state) {
      state.cinderType = Objects.requireNonNull(type, "type");
    }
  }

  // --- the request log -------------------------------------------------------------------------

  /**
   * Every request received, in order.
   *
   * @return an unmodifiable copy of the log so far, token requests included
   */
  public List<RecordedRequest> requests() {
    synchronized (state) {
      return List.copyOf(state.requests);
    }
  }

  /**
   * Every request as {@code METHOD path}, in order.
   *
   * @return a new list, such as {@code [POST /identity/v3/auth/tokens, GET /magnum/v1/clusters/k8s]}
   */
  public List<String> calls() {
    return requests().stream().map(RecordedRequest::call).toList();
  }

  /**
   * The requests other than {@code GET}s and token requests: what changed the cloud.
   *
   * @return a new list, in the order received
   */
  public List<RecordedRequest> changes() {
    return requests().stream()
        .filter(r -> !r.method().equals("GET") && !r.path().equals("/identity/v3/auth/tokens"))
        .toList();
  }

  /** Forgets the recorded requests. */
  public void clearRequests() {
    synchronized (state) {
      state.requests.clear();
    }
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.stop();
  }

  @Override
  public String toString() {
    return "FakeOpenStack[" + server.baseUrl() + "]";
  }

  /** Answers every request from the model; WireMock only carries the bytes. */
  private static final class Dispatcher implements ResponseDefinitionTransformerV2 {
    volatile OpenStackState state;

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      Request request = serveEvent.getRequest();
      URI uri = URI.create(request.getUrl());
      Map<String, String> headers = new HashMap<>();
      for (HttpHeader h : request.getHeaders().all()) {
        headers.put(h.key().toLowerCase(Locale.ROOT), h.firstValue());
      }
      OpenStackState.Answer answer = state.handle(request.getMethod().getName(), uri.getRawPath(),
          uri.getRawQuery() == null ? "" : uri.getRawQuery(), request.getBodyAsString(), headers);
      ResponseDefinitionBuilder response = new ResponseDefinitionBuilder().withStatus(answer.status());
      answer.headers().forEach(response::withHeader);
      if (!answer.body().isEmpty()) {
        response.withBody(answer.body());
      }
      return response.build();
    }

    @Override
    public String getName() {
      return "fake-openstack";
    }
  }
}
