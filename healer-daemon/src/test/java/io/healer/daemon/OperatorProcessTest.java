package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * healer as an operator meets it on a bad day, each case a process of its own: the exit code, how
 * long it took and the text a person reads. The cluster is a kubeconfig pointing at a closed
 * loopback port, so nothing here needs a server.
 */
class OperatorProcessTest {

  /** A JVM start and a command that has nothing to wait for. */
  private static final Duration QUICK = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @Test
  void noCommandPrintsTheUsageOnceWithExitTwo() {
    DaemonProcess healer = DaemonProcess.run(dir, QUICK);

    assertThat(healer.exitCode()).isEqualTo(2);
    assertThat(healer.output()).contains("a command is required");
    assertThat(healer.output().split("Usage: healer ", -1)).as(healer.output()).hasSize(2);
  }

  @Test
  void runHelpShowsTheHelpOfRunWithExitZero() {
    DaemonProcess healer = DaemonProcess.run(dir, QUICK, "run", "--help");

    assertThat(healer.exitCode()).as(healer.output()).isZero();
    assertThat(healer.output()).startsWith("Usage: healer run").contains("--config=FILE").contains("--port=PORT")
        .doesNotContain("Missing required option");
  }

  @Test
  void runReportsEveryProblemOfTheFileChecksAndProviderBeforeConnectingWithExitTwo() throws IOException {
    Path config = write("bad.yaml", """
        cluster-name: prod
        monitor-interval: 300
        kubernetes:
          kubeconfig: %s
        healthcheck:
          worker:
            - type: NodeCondition
              params:
                types: 42
        openstack:
          auth-url: https://keystone.example.com:5000/v3
          user-id: 0123456789abcdef0123456789abcdef
          project-id: 00112233445566778899aabbccddeeff
          password:
            value: hunter2-Secret
          frobnicate: true
        """.formatted(closedPortKubeconfig()));

    DaemonProcess healer = DaemonProcess.run(dir, QUICK, "run", "--config", config.toString(), "--port", "0");

    assertThat(healer.exitCode()).as(healer.output()).isEqualTo(2);
    assertThat(healer.output().lines().filter(l -> l.startsWith(config + ": ")))
        .anySatisfy(l -> assertThat(l).startsWith(config + ": monitor-interval: value '300' is not allowed"))
        .anySatisfy(l -> assertThat(l).startsWith(config + ": healthcheck.worker[0].params.types: "))
        .anySatisfy(l -> assertThat(l).startsWith(config + ": openstack.frobnicate: unknown key"))
        .anySatisfy(l -> assertThat(l).startsWith(config + ": openstack.password: "));
    assertThat(healer.output()).as("nothing was contacted")
        .doesNotContain("listing and watching").doesNotContain("serving /metrics")
        .doesNotContain("hunter2-Secret");
  }

  @Test
  void aPasswordBesideAnApplicationCredentialIsNamedOnceWithoutEitherSecret() throws IOException {
    Path config = write("both.yaml", """
        cluster-name: prod
        healthcheck:
          worker:
            - type: NodeCondition
        openstack:
          auth-url: https://keystone.example.com:5000/v3
          user-id: 0123456789abcdef0123456789abcdef
          project-id: 00112233445566778899aabbccddeeff
          password: hunter2-Secret
          application-credential-id: 4f1e0c9d2b8a
          application-credential-secret: s3cret-Credential
        """);

    DaemonProcess healer = DaemonProcess.run(dir, QUICK, "validate", "--config", config.toString());

    assertThat(healer.exitCode()).as(healer.output()).isZero();
    assertThat(healer.output().lines().filter(l -> l.contains("are both set")))
        .singleElement().satisfies(l -> assertThat(l).contains(" WARN ")
            .contains("openstack.password and openstack.application-credential-id are both set: healer logs in with"
                + " the application credential 4f1e0c9d2b8a and ignores the password"));
    assertThat(healer.output()).doesNotContain("hunter2-Secret").doesNotContain("s3cret-Credential");
  }

  @Test
  void checkAgainstAClusterThatIsNotThereReturnsWithinItsTimeoutSayingWhatItWaitedFor() throws IOException {
    Path config = validConfig(closedPortKubeconfig());

    DaemonProcess healer = DaemonProcess.run(dir, QUICK, "check", "--config", config.toString(), "--timeout", "5s");

    assertThat(healer.exitCode()).as(healer.output()).isEqualTo(1);
    // 5 s of waiting, plus the JVM's start and the config's judgement.
    assertThat(healer.seconds()).as(healer.output()).isLessThan(5 + 8);
    assertThat(healer.output().lines().filter(l -> l.startsWith("error: ")))
        .singleElement().satisfies(l -> assertThat(l)
            .contains("the Kubernetes API server did not answer the first lists within 5s")
            .contains("nodes: ConnectException: Failed to connect to /127.0.0.1:")
            .contains("check the API server's address"));
  }

  @Test
  void runAgainstAClusterThatIsNotThereSaysSoAtOnceIsAliveNotReadyAndStopsQuietlyWithZero() throws Exception {
    Path config = validConfig(closedPortKubeconfig());
    int port = closedPort();

    try (DaemonProcess healer = DaemonProcess.start(dir, "run", "--config", config.toString(), "--port",
        Integer.toString(port), "--bind-address", "127.0.0.1")) {
      double firstError = healer.awaitLine(l -> l.contains(" WARN ") && l.contains("listing and watching nodes fails:"
          + " ConnectException: Failed to connect to /127.0.0.1:"), Duration.ofSeconds(20), "naming the refusal");
      System.out.printf("[operator] first clear error %.1f s after the start%n", firstError);
      assertThat(Http.get(port, "/healthz").statusCode()).isEqualTo(200);
      java.net.http.HttpResponse<String> ready = Http.get(port, "/readyz");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).startsWith("not ready: waiting for the first answers of the Kubernetes API server"
          + " https://127.0.0.1:").contains("nodes: ConnectException: Failed to connect to");

      healer.terminate();
      assertThat(healer.awaitExit(Duration.ofSeconds(20))).as(healer.output()).isZero();
      String log = healer.output();
      assertThat(log).contains("stop requested").contains("stopped before the cluster connection was made")
          .doesNotContain("InterruptedException").doesNotContain("\tat ")
          .doesNotContain("Start listing and watching");
      assertThat(log.split("EndpointCheckFactory", -1)).as("each plugin is logged once").hasSize(2);
    }
  }

  /** A valid config (checks and the provider's block) for the given kubeconfig. */
  private Path validConfig(Path kubeconfig) throws IOException {
    return write("config.yaml", """
        cluster-name: prod
        leader-elect: false
        kubernetes:
          kubeconfig: %s
        healthcheck:
          worker:
            - type: NodeCondition
              params:
                unhealthy-duration: 30s
        openstack:
          auth-url: https://keystone.example.com:5000/v3
          user-id: 0123456789abcdef0123456789abcdef
          project-id: 00112233445566778899aabbccddeeff
          password: hunter2-Secret
        """.formatted(kubeconfig));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /** A kubeconfig whose API server is a loopback port nothing listens on. */
  Path closedPortKubeconfig() throws IOException {
    return write("nowhere.kubeconfig", """
        apiVersion: v1
        kind: Config
        clusters:
        - name: nowhere
          cluster:
            server: https://127.0.0.1:%d
        contexts:
        - name: nowhere
          context: {cluster: nowhere, user: healer}
        current-context: nowhere
        users:
        - name: healer
          user: {token: not-a-real-token}
        """.formatted(closedPort()));
  }

  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
