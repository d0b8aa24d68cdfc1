package io.healer.integration.kubernetes;

import static io.healer.integration.support.TextFile.write;

import io.healer.integration.support.Commands;
import io.healer.integration.support.ManagedProcess;
import io.healer.integration.support.Pki;
import io.healer.integration.support.Ports;
import io.healer.integration.support.Wait;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.AuthenticationV1TokenRequest;
import io.kubernetes.client.openapi.models.V1TokenRequestSpec;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A real control plane on loopback: etcd, kube-apiserver (TLS, client certificates, RBAC and Node
 * authorizers, ServiceAccount token signing, an audit log) and kube-controller-manager with the
 * node-lifecycle, disruption, garbage-collector, taint-eviction, serviceaccount and namespace
 * controllers on short but legal periods. No kubelets: {@link KubeletHarness} plays them.
 *
 * <p>Everything lives in one folder: certificates, etcd's data, each process's log and the audit log
 * ({@code audit.log}, one JSON line per request: what the server itself saw). {@link #close()} stops
 * every process it started.
 */
public final class RealKubernetes implements AutoCloseable {

  /** How long a silent node stays Ready for the node-lifecycle controller (the default is 50 s). */
  public static final Duration NODE_MONITOR_GRACE = Duration.ofSeconds(8);

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Path dir;
  private final Pki pki;
  private final int etcdPort = Ports.free();
  private final int etcdPeerPort = Ports.free();
  private final int apiPort = Ports.free();
  private final int controllerManagerPort = Ports.free();
  private final HttpClient plainHttp = HttpClient.newHttpClient();
  private ManagedProcess etcd;
  private ManagedProcess apiServer;
  private ManagedProcess controllerManager;
  private ApiClient admin;

  private RealKubernetes(Path dir) {
    this.dir = dir;
    this.pki = Pki.create(dir.resolve("pki"), "healer-test-ca");
  }

  /** Starts etcd, kube-apiserver and kube-controller-manager in {@code dir} and waits until they serve. */
  public static RealKubernetes start(Path dir) {
    return start(dir, true);
  }

  /**
   * Starts etcd and kube-apiserver only: nodes keep the status they are given, with no heartbeat
   * to renew (the benchmarks' thousands of nodes).
   */
  public static RealKubernetes startWithoutControllers(Path dir) {
    return start(dir, false);
  }

  private static RealKubernetes start(Path dir, boolean controllers) {
    Path binaries = KubernetesBinaries.dir();
    RealKubernetes cluster = new RealKubernetes(dir);
    try {
      cluster.startAll(binaries, controllers);
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void startAll(Path binaries, boolean controllers) {
    long t0 = System.nanoTime();
    pki.server("apiserver");
    pki.client("admin", "healer-test-admin", "system:masters");
    pki.client("controller-manager", "system:kube-controller-manager", "system:masters");
    writeKubeconfig(adminKubeconfig(), "admin");
    writeKubeconfig(dir.resolve("controller-manager.kubeconfig"), "controller-manager");
    writeAuditPolicy();
    admin = client(adminKubeconfig());
    startEtcd(binaries);
    startApiServer(binaries);
    if (controllers) {
      startControllerManager(binaries);
    }
    System.out.printf("[real-kubernetes] etcd, kube-apiserver%s up in %.1f s at %s (folder %s)%n",
        controllers ? " and kube-controller-manager" : "", (System.nanoTime() - t0) / 1e9, url(), dir);
  }

  private void startEtcd(Path binaries) {
    String client = "http://127.0.0.1:" + etcdPort;
    String peer = "http://127.0.0.1:" + etcdPeerPort;
    etcd = ManagedProcess.start("etcd", List.of(binaries.resolve("etcd").toString(),
        "--name=healer-test", "--data-dir=" + dir.resolve("etcd-data"),
        "--listen-client-urls=" + client, "--advertise-client-urls=" + client,
        "--listen-peer-urls=" + peer, "--initial-advertise-peer-urls=" + peer,
        "--initial-cluster=healer-test=" + peer,
        // A test cluster's data is thrown away: no fsync, which a shared CI disk makes slow.
        "--unsafe-no-fsync=true", "--log-level=warn"), Map.of(), dir.resolve("etcd.log"));
    Wait.until("etcd answers /health (log " + etcd.log() + ")", START_TIMEOUT, () -> {
      assertAlive(etcd);
      return get(client + "/health").filter(body -> body.contains("\"health\":\"true\"")).isPresent();
    });
  }

  private void startApiServer(Path binaries) {
    List<String> args = new ArrayList<>(List.of(binaries.resolve("kube-apiserver").toString(),
        "--etcd-servers=http://127.0.0.1:" + etcdPort,
        "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", "--secure-port=" + apiPort,
        "--tls-cert-file=" + pki.file("apiserver.crt"), "--tls-private-key-file=" + pki.file("apiserver.key"),
        "--client-ca-file=" + pki.ca(),
        "--authorization-mode=Node,RBAC",
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        "--service-account-key-file=" + pki.file("sa.pub"),
        "--service-account-signing-key-file=" + pki.file("sa.key"),
        "--service-cluster-ip-range=10.96.0.0/16",
        // No Endpoints object for the "kubernetes" Service: its address would be loopback, which is refused.
        "--endpoint-reconciler-type=none",
        "--enable-admission-plugins=NodeRestriction",
        "--cert-dir=" + dir.resolve("apiserver-certs"),
        "--audit-policy-file=" + dir.resolve("audit-policy.yaml"),
        "--audit-log-path=" + auditLog(), "--audit-log-format=json", "--audit-log-maxsize=0",
        "--profiling=false", "--v=1"));
    apiServer = ManagedProcess.start("kube-apiserver", args, Map.of(), dir.resolve("kube-apiserver.log"));
    awaitApiServerReady();
  }

  private void startControllerManager(Path binaries) {
    String kubeconfig = dir.resolve("controller-manager.kubeconfig").toString();
    controllerManager = ManagedProcess.start("kube-controller-manager", List.of(
        binaries.resolve("kube-controller-manager").toString(),
        "--kubeconfig=" + kubeconfig,
        "--authentication-kubeconfig=" + kubeconfig, "--authorization-kubeconfig=" + kubeconfig,
        "--bind-address=127.0.0.1", "--secure-port=" + controllerManagerPort,
        "--cert-dir=" + dir.resolve("controller-manager-certs"),
        "--leader-elect=false",
        "--controllers=node-lifecycle-controller,disruption-controller,garbage-collector-controller,"
            + "taint-eviction-controller,serviceaccount-controller,namespace-controller,"
            // The pod GC force-deletes Terminating pods of a node tainted out of service (FencingTest).
            + "pod-garbage-collector-controller",
        "--node-monitor-period=1s", "--node-monitor-grace-period=" + NODE_MONITOR_GRACE.toSeconds() + "s",
        "--service-account-private-key-file=" + pki.file("sa.key"),
        "--root-ca-file=" + pki.ca(),
        "--profiling=false", "--v=1"), Map.of(), dir.resolve("kube-controller-manager.log"));
    Wait.until("kube-controller-manager answers /healthz (log " + controllerManager.log() + ")", START_TIMEOUT,
        () -> {
          assertAlive(controllerManager);
          return getInsecure("https://127.0.0.1:" + controllerManagerPort + "/healthz");
        });
  }

  /** Waits until kube-apiserver answers /readyz with 200. */
  public void awaitApiServerReady() {
    Wait.until("kube-apiserver answers /readyz (log " + apiServer.log() + ")", START_TIMEOUT, () -> {
      assertAlive(apiServer);
      return getAsAdmin("/readyz").filter("ok"::equals).isPresent();
    });
  }

  /** The API server's address, {@code https://127.0.0.1:PORT}. */
  public String url() {
    return "https://127.0.0.1:" + apiPort;
  }

  /** The folder of this cluster: certificates, data, logs. */
  public Path dir() {
    return dir;
  }

  /** The CA that signed the serving certificate (PEM). */
  public Path caFile() {
    return pki.ca();
  }

  /** A kubeconfig of a cluster admin (client certificate in group system:masters). */
  public Path adminKubeconfig() {
    return dir.resolve("admin.kubeconfig");
  }

  /** A client-java client of the cluster admin. */
  public ApiClient admin() {
    return admin;
  }

  /** Plain JSON requests as the cluster admin. */
  public KubeRest rest() {
    return new KubeRest(admin.getHttpClient(), url());
  }

  /** The API server's audit log: one JSON line per request, as the server saw it. */
  public Path auditLog() {
    return dir.resolve("audit.log");
  }

  /** The running kube-apiserver. */
  public ManagedProcess apiServer() {
    return apiServer;
  }

  /** Runs the built kubectl as the cluster admin, waiting up to a minute. */
  public Commands.Result kubectl(String... args) {
    return kubectlAs(adminKubeconfig(), args);
  }

  /** Runs the built kubectl with a kubeconfig, waiting up to a minute. */
  public Commands.Result kubectlAs(Path kubeconfig, String... args) {
    List<String> command = new ArrayList<>();
    command.add(KubernetesBinaries.binary("kubectl").toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.addAll(List.of(args));
    return Commands.exec(dir, command, Map.of("HOME", dir.toString()), 60);
  }

  /** Runs kubectl as the admin and fails unless it exits 0; returns what it printed. */
  public String kubectlOk(String... args) {
    Commands.Result result = kubectl(args);
    if (!result.ok()) {
      throw new AssertionError("kubectl " + String.join(" ", args) + " exited " + result.exitCode() + ":\n"
          + result.output());
    }
    return result.output();
  }

  /**
   * Writes a kubeconfig for a ServiceAccount with a token from the TokenRequest API, as a pod's
   * projected token would be.
   *
   * @param file where to write it
   * @param namespace the ServiceAccount's namespace
   * @param name the ServiceAccount's name (it must exist)
   * @param lifetime the token's lifetime (at least 10 minutes, the API's minimum)
   */
  public Path serviceAccountKubeconfig(Path file, String namespace, String name, Duration lifetime) {
    AuthenticationV1TokenRequest request = new AuthenticationV1TokenRequest()
        .spec(new V1TokenRequestSpec().expirationSeconds(lifetime.toSeconds()).audiences(List.of()));
    String token;
    try {
      token = new CoreV1Api(admin).createNamespacedServiceAccountToken(name, namespace, request).execute()
          .getStatus().getToken();
    } catch (ApiException e) {
      throw new IllegalStateException("TokenRequest for " + namespace + "/" + name + " failed: " + e.getCode()
          + " " + e.getResponseBody(), e);
    }
    String yaml = header() + "users:\n- name: u\n  user:\n    token: " + token + "\n";
    write(file, yaml);
    return file;
  }

  /** Stops kube-apiserver (SIGTERM; SIGKILL after 15 s): clients see refused connections. */
  public void stopApiServer() {
    apiServer.close();
  }

  /**
   * Starts kube-apiserver again on the same port and data after {@link #stopApiServer()}; waits until
   * it is ready and the controllers have reconnected (their watches back off for up to half a
   * minute after an outage, and a test that needs the node-lifecycle controller must not race that).
   */
  public void startApiServer() {
    apiServer = ManagedProcess.start("kube-apiserver", apiServer.commandLine(), Map.of(), dir.resolve("kube-apiserver.log"));
    awaitApiServerReady();
    if (controllerManager != null) {
      awaitControllersWatching();
    }
  }

  /** A new namespace gets its "default" ServiceAccount from the serviceaccount controller: its watches are live. */
  private void awaitControllersWatching() {
    String namespace = "probe-" + System.nanoTime();
    KubeRest rest = rest();
    JsonObject ns = JsonParser.parseString("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
        + namespace + "\"}}").getAsJsonObject();
    rest.post("/api/v1/namespaces", ns).orThrow();
    Wait.until("kube-controller-manager watches again (the default ServiceAccount of " + namespace + ")",
        Duration.ofSeconds(120), () -> rest.get("/api/v1/namespaces/" + namespace + "/serviceaccounts/default").ok());
    rest.delete("/api/v1/namespaces/" + namespace, null);
  }

  /** Stops kube-apiserver and starts it again on the same port and data; waits until ready. */
  public void restartApiServer() {
    stopApiServer();
    startApiServer();
  }

  /**
   * A kubeconfig of a client certificate for {@code user} in group system:masters: an admin the audit
   * log tells apart from the test's own admin.
   */
  public Path adminKubeconfigFor(String user) {
    Path file = dir.resolve(user + ".kubeconfig");
    if (!Files.exists(file)) {
      pki.client(user, user, "system:masters");
      writeKubeconfig(file, user);
    }
    return file;
  }

  /**
   * Writes a kubeconfig of a bearer token for any server and CA: for clients that must fail (a
   * closed port, a CA that did not sign the server's certificate, a token the server refuses).
   */
  public static Path tokenKubeconfig(Path file, String server, String caPem, String token) {
    write(file, "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
        + "clusters:\n- name: k\n  cluster:\n    server: " + server + "\n"
        + "    certificate-authority-data: " + b64(caPem) + "\n"
        + "contexts:\n- name: c\n  context:\n    cluster: k\n    user: u\n"
        + "users:\n- name: u\n  user:\n    token: " + token + "\n");
    return file;
  }

  /** The CA certificate (PEM text). */
  public String caPem() {
    return pki.pem("ca.crt");
  }

  /** The API server's port. */
  public int port() {
    return apiPort;
  }

  /** A kubeconfig of an admin client certificate for {@code user} that reaches the API server at {@code server}. */
  public Path adminKubeconfigFor(String user, String server) {
    Path file = dir.resolve(user + "-via-" + server.replaceAll("\\W", "_") + ".kubeconfig");
    adminKubeconfigFor(user);
    write(file, header().replace("server: " + url(), "server: " + server) + "users:\n- name: u\n  user:\n"
        + "    client-certificate-data: " + b64(pki.pem(user + ".crt")) + "\n"
        + "    client-key-data: " + b64(pki.pem(user + ".key")) + "\n");
    return file;
  }

  /** Writes {@code count} keys outside the API server's prefix, so that etcd's revision moves on. */
  public void advanceEtcdRevision(int count) {
    String base = "http://127.0.0.1:" + etcdPort;
    for (int i = 0; i < count; i++) {
      post(base + "/v3/kv/put", "{\"key\":\"" + b64("/healer-test/filler") + "\",\"value\":\"" + b64("x" + i) + "\"}");
    }
  }

  /**
   * Compacts etcd's history up to its current revision, as the API server's own compactor does every
   * five minutes: a watch that resumes from an older resourceVersion then gets 410 Gone.
   *
   * @return the revision compacted to
   */
  public long compactEtcd() {
    String base = "http://127.0.0.1:" + etcdPort;
    // etcd's gRPC gateway: a range read tells the current revision; keys are base64.
    String range = post(base + "/v3/kv/range", "{\"key\":\"" + b64("/registry") + "\",\"limit\":1}");
    long revision = Long.parseLong(range.replaceAll("(?s).*\"revision\":\"?(\\d+)\"?.*", "$1"));
    post(base + "/v3/kv/compaction", "{\"revision\":\"" + revision + "\",\"physical\":true}");
    return revision;
  }

  /** Stops every process this cluster started, the controller manager first. */
  @Override
  public void close() {
    for (ManagedProcess p : new ManagedProcess[] {controllerManager, apiServer, etcd}) {
      if (p != null) {
        p.close();
      }
    }
  }

  /** An admin GET on the API server; empty unless it answered 200. */
  public Optional<String> getAsAdmin(String path) {
    try (Response response = admin().getHttpClient().newCall(new Request.Builder().url(url() + path).build())
        .execute()) {
      return response.code() == 200 ? Optional.of(response.body().string()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static ApiClient client(Path kubeconfig) {
    try (Reader reader = Files.newBufferedReader(kubeconfig)) {
      ApiClient client = ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(reader))
          .setReadTimeout(Duration.ofSeconds(30)).build();
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeKubeconfig(Path file, String certName) {
    write(file, header() + "users:\n- name: u\n  user:\n"
        + "    client-certificate-data: " + b64(pki.pem(certName + ".crt")) + "\n"
        + "    client-key-data: " + b64(pki.pem(certName + ".key")) + "\n");
  }

  private String header() {
    return "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
        + "clusters:\n- name: k\n  cluster:\n    server: " + url() + "\n"
        + "    certificate-authority-data: " + b64(pki.pem("ca.crt")) + "\n"
        + "contexts:\n- name: c\n  context:\n    cluster: k\n    user: u\n";
  }

  private void writeAuditPolicy() {
    // Metadata of every request once it is answered: who, which verb on what, and the answer's code.
    write(dir.resolve("audit-policy.yaml"), "apiVersion: audit.k8s.io/v1\nkind: Policy\n"
        + "omitStages: [\"RequestReceived\"]\nrules:\n- level: Metadata\n");
  }

  private static void assertAlive(ManagedProcess process) {
    if (!process.isAlive()) {
      throw new IllegalStateException(process.name() + " exited " + process.exitCode() + ":\n" + process.tail(30));
    }
  }

  private Optional<String> get(String url) {
    try {
      HttpResponse<String> response = plainHttp.send(HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private String post(String url, String json) {
    try {
      HttpResponse<String> response = plainHttp.send(HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("etcd answered " + response.statusCode() + " to " + url + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private boolean getInsecure(String url) {
    // The controller manager serves with a self-signed certificate it made itself; only liveness is asked.
    return Commands.exec(dir, List.of("curl", "-ksf", "--max-time", "5", url), Map.of(), 10).ok();
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
