package io.healer.checks.standard;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.healer.api.NodeAddress;
import io.healer.api.NodeInfo;
import io.healer.api.check.HealthCheckFactory;
import io.healer.api.config.Settings;
import io.healer.fakes.Nodes;
import io.healer.testkit.HealthCheckConformance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Endpoint check follows every rule of a check plugin, probing servers on loopback: a healthy
 * API server on 127.0.0.1, nothing on 127.0.0.2 (connection refused) and, on 127.0.0.3, a socket
 * that accepts connections and never answers (Linux routes all of 127.0.0.0/8 to loopback).
 */
class EndpointCheckConformanceTest extends HealthCheckConformance {

  private static WireMockServer server;
  private static ServerSocket silent;

  @BeforeAll
  static void startServers() throws IOException {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    server.stubFor(get("/healthz").willReturn(ok("ok")));
    // Never accepted: the kernel completes the handshake from the backlog, no answer ever comes.
    silent = new ServerSocket(server.port(), 50, InetAddress.getByName("127.0.0.3"));
  }

  @AfterAll
  static void stopServers() throws IOException {
    silent.close();
    server.stop();
  }

  @Override
  protected HealthCheckFactory factory() {
    return new EndpointCheckFactory();
  }

  @Override
  protected Settings validSettings() {
    return Settings.of(Map.of("protocol", "HTTP", "port", server.port(), "timeout", "2s"));
  }

  @Override
  protected Settings malformedSettings() {
    return Settings.of(Map.of("protocol", "HTTP", "port", "six-four-four-three"));
  }

  @Override
  protected NodeInfo healthyNode() {
    return master("master-1", "127.0.0.1");
  }

  @Override
  protected NodeInfo unhealthyNode() {
    return master("master-2", "127.0.0.2");
  }

  @Override
  protected NodeInfo slowNode() {
    return master("master-3", "127.0.0.3");
  }

  /** Only loopback nodes: the default samples would be probed at made-up 10.0.x.x addresses. */
  @Override
  protected List<NodeInfo> sampleNodes() {
    return List.of(healthyNode(), unhealthyNode());
  }

  private NodeInfo master(String name, String address) {
    return Nodes.master(name, now())
        .addresses(List.of(new NodeAddress(NodeAddress.INTERNAL_IP, address)))
        .build();
  }
}
