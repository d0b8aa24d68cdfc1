package com.example.healer.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.healer.api.NodeInfo;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.CloudProviderFactory;
import io.healer.api.config.Settings;
import io.healer.fakes.Nodes;
import io.healer.testkit.CloudProviderConformance;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The webhook provider follows every rule healer sets for a provider plugin, against a receiver on
 * loopback that knows one node, worker-1, and answers 404 for any other.
 */
class WebhookProviderConformanceTest extends CloudProviderConformance {

  private static final String SECRET = "wh-7c1f0e9a-secret-token";
  private static WireMockServer receiver;

  @BeforeAll
  static void startReceiver() {
    receiver = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    receiver.start();
  }

  @AfterAll
  static void stopReceiver() {
    receiver.stop();
  }

  @BeforeEach
  void knowOneNode() {
    receiver.resetAll();
    receiver.stubFor(post("/repair").atPriority(9).willReturn(aResponse().withStatus(404)));
    receiver.stubFor(post("/repair").atPriority(1)
        .withRequestBody(matchingJsonPath("$.node", equalTo("worker-1")))
        .willReturn(aResponse().withStatus(202)));
  }

  @Override
  protected CloudProviderFactory factory() {
    return new WebhookProviderFactory();
  }

  /** REPLACE left out, so that the rule about unsupported actions runs. */
  @Override
  protected Settings validSettings() {
    return Settings.of(Map.of("url", receiver.baseUrl() + "/repair", "actions", List.of("REBOOT", "REBUILD")));
  }

  @Override
  protected NodeInfo knownNode() {
    return Nodes.worker("worker-1").build();
  }

  /** The receiver began a repair for every POST it accepted: those about the node it knows. */
  @Override
  protected int repairsStarted(CloudProvider provider) {
    return receiver.countRequestsMatching(postRequestedFor(urlEqualTo("/repair"))
        .withRequestBody(matchingJsonPath("$.node", equalTo("worker-1"))).build()).getCount();
  }

  @Override
  protected CloudProvider disableHealing(CloudProvider provider) {
    return factory().create(with("enabled", false), clusterName());
  }

  @Override
  protected Settings settingsWithSecret() {
    return with("token", SECRET);
  }

  @Override
  protected String secretValue() {
    return SECRET;
  }

  private Settings with(String key, Object value) {
    Map<String, Object> values = new HashMap<>();
    validSettings().keys().forEach(k -> values.put(k, validSettings().raw(k).orElseThrow()));
    values.put(key, value);
    return Settings.of(values);
  }
}
