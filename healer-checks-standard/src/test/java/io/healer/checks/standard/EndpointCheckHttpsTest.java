package io.healer.checks.standard;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.healer.checks.standard.Fixtures.context;
import static io.healer.checks.standard.Fixtures.masterOnLoopback;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.healer.api.Verdict;
import io.healer.api.check.HealthCheck;
import io.healer.api.config.Settings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Endpoint check over HTTPS against real servers on loopback, whose certificates are signed by
 * a CA made for the test.
 */
class EndpointCheckHttpsTest {

  @TempDir static Path dir;

  private static Path trustedCa;
  private static Path otherCa;
  /** Certificate from the trusted CA, valid for IP 127.0.0.1. */
  private static WireMockServer server;
  /** Certificate from the trusted CA, valid for the name localhost but not for IP 127.0.0.1. */
  private static WireMockServer serverWithoutIpSan;

  @BeforeAll
  static void startServers() throws Exception {
    TestPki pki = new TestPki(dir);
    trustedCa = pki.ca("cluster-ca");
    otherCa = pki.ca("other-ca");
    server = https(pki.server("apiserver", "cluster-ca", "ip:127.0.0.1"));
    serverWithoutIpSan = https(pki.server("named-only", "cluster-ca", "dns:localhost"));
  }

  private static WireMockServer https(Path keystore) {
    WireMockServer s = new WireMockServer(options()
        .bindAddress("127.0.0.1")
        .httpDisabled(true)
        .dynamicHttpsPort()
        .keystoreType("PKCS12")
        .keystorePath(keystore.toString())
        .keystorePassword(TestPki.PASSWORD)
        .keyManagerPassword(TestPki.PASSWORD));
    s.start();
    s.stubFor(get("/healthz").willReturn(ok("ok")));
    return s;
  }

  @AfterAll
  static void stopServers() {
    server.stop();
    serverWithoutIpSan.stop();
  }

  private static HealthCheck check(WireMockServer target, Map<String, ?> params) {
    Map<String, Object> all = new HashMap<>(params);
    all.put("port", target.httpsPort());
    return new EndpointCheckFactory().create(Settings.of(all));
  }

  @Test
  void certificateSignedByTheCaAndNamingTheNodeIpIsHealthy() {
    Verdict verdict = check(server, Map.of("ca-file", trustedCa.toString())).check(masterOnLoopback(), context());

    assertThat(verdict).isEqualTo(Verdict.healthy());
  }

  @Test
  void certificateFromAnotherCaIsUnhealthyWithATlsReason() {
    Verdict verdict = check(server, Map.of("ca-file", otherCa.toString())).check(masterOnLoopback(), context());

    assertThat(verdict.isUnhealthy()).isTrue();
    assertThat(verdict.reason())
        .startsWith("GET https://127.0.0.1:" + server.httpsPort() + "/healthz failed TLS verification: ")
        .contains("chain is not trusted by ca-file " + otherCa + " (unable to find valid certification path");
  }

  @Test
  void certificateThatDoesNotNameTheNodeIpIsUnhealthyLikeGo() {
    Verdict verdict = check(serverWithoutIpSan, Map.of("ca-file", trustedCa.toString()))
        .check(masterOnLoopback(), context());

    assertThat(verdict.isUnhealthy()).isTrue();
    assertThat(verdict.reason())
        .contains("failed TLS verification")
        .contains("not valid for 127.0.0.1: its IP subject alternative names are []");
  }

  @Test
  void insecureSkipVerifyAcceptsAnUntrustedCertificate() {
    Verdict verdict = check(server, Map.of("ca-file", otherCa.toString(), "insecure-skip-verify", true))
        .check(masterOnLoopback(), context());

    assertThat(verdict.isHealthy()).isTrue();
  }

  @Test
  void insecureSkipVerifyAlsoAcceptsACertificateForAnotherName() {
    Verdict verdict = check(serverWithoutIpSan, Map.of("insecure-skip-verify", true))
        .check(masterOnLoopback(), context());

    assertThat(verdict.isHealthy()).isTrue();
  }

  @Test
  void plainHttpToAnHttpsPortIsUnhealthy() {
    Verdict verdict = check(server, Map.of("protocol", "HTTP")).check(masterOnLoopback(), context());

    assertThat(verdict.isUnhealthy()).isTrue();
    assertThat(verdict.reason()).startsWith("GET http://127.0.0.1:" + server.httpsPort() + "/healthz ");
  }
}
