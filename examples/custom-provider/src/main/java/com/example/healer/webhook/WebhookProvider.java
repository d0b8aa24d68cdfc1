package com.example.healer.webhook;

import io.healer.api.NodeRole;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.RepairTarget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each repair to a webhook as JSON and reads the answer: 2xx started, 404 the receiver does
 * not know the node, 409/429/503 busy, 501 the action is not supported, anything else failed.
 *
 * <p>A target it already handed over (same node, action and attempt) is answered started again
 * without a second POST; the {@code Idempotency-Key} header lets the receiver do the same across
 * restarts of healer. Thread-safe.
 */
final class WebhookProvider implements CloudProvider {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookProvider.class);
  private static final int REMEMBERED = 1024;

  private final URI url;
  private final String token; // secret: never logged, never in a result or toString()
  private final Set<RepairAction> actions;
  private final boolean enabled;
  private final Duration timeout;
  private final String clusterName;
  private final HttpClient http;
  private final Map<String, Boolean> handedOver = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED;
        }
      });

  WebhookProvider(URI url, String token, Set<RepairAction> actions, boolean enabled, Duration timeout,
      String clusterName) {
    this.url = url;
    this.token = token;
    this.actions = Set.copyOf(actions);
    this.enabled = enabled;
    this.timeout = timeout;
    this.clusterName = clusterName;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public List<RepairResult> repair(RepairRequest request) {
    List<RepairResult> results = new ArrayList<>();
    for (RepairTarget target : request.targets()) {
      results.add(repair(target, request));
    }
    return results;
  }

  private RepairResult repair(RepairTarget target, RepairRequest request) {
    String node = target.node().name();
    if (!actions.contains(target.action())) {
      return RepairResult.notSupported(node, "the webhook is configured for " + actions + " only");
    }
    String key = clusterName + "/" + node + "/" + target.node().uid().orElse("-") + "/" + target.action()
        + "/" + target.attempt();
    if (handedOver.containsKey(key)) {
      return RepairResult.started(node, "already handed to the webhook");
    }
    HttpRequest.Builder post = HttpRequest.newBuilder(url).timeout(timeout)
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(body(target, request)));
    if (!token.isEmpty()) {
      post.header("Authorization", "Bearer " + token);
    }
    int status;
    try {
      status = http.send(post.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      // The exception's class only: its message could quote the request.
      LOG.warn("webhook {} unreachable for the repair of {}: {}", safeUrl(), node, e.getClass().getSimpleName());
      return RepairResult.failed(node, "the webhook could not be reached (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return RepairResult.retryLater(node, "interrupted before the webhook answered");
    }
    if (status / 100 == 2) {
      handedOver.put(key, Boolean.TRUE);
      return RepairResult.started(node, target.action() + " handed to the webhook");
    }
    return switch (status) {
      case 404 -> RepairResult.failed(node, "the webhook does not know node " + node);
      case 409, 429, 503 -> RepairResult.retryLater(node, "the webhook is busy (HTTP " + status + ")");
      case 501 -> RepairResult.notSupported(node, "the webhook cannot " + target.action() + " this node");
      default -> RepairResult.failed(node, "the webhook answered HTTP " + status);
    };
  }

  private String body(RepairTarget target, RepairRequest request) {
    return "{\"cluster\":" + json(clusterName)
        + ",\"node\":" + json(target.node().name())
        + ",\"providerId\":" + json(target.node().providerId().orElse(""))
        + ",\"action\":" + json(target.action().name().toLowerCase(Locale.ROOT))
        + ",\"attempt\":" + target.attempt()
        + ",\"reason\":" + json(target.reason())
        + ",\"requestedAt\":" + json(request.requestedAt().toString()) + "}";
  }

  private static String json(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return sb.append('"').toString();
  }

  /** The provider's own switch: off, healer repairs nothing. */
  @Override
  public ClusterStatus clusterStatus() {
    return enabled ? ClusterStatus.ready() : ClusterStatus.healingDisabled("the webhook provider has enabled: false");
  }

  @Override
  public Set<RepairAction> supportedActions(NodeRole role) {
    return actions;
  }

  /** The URL without user info or query, either of which may hold a credential. */
  private String safeUrl() {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + url.getPath();
  }

  @Override
  public String toString() {
    return "WebhookProvider[" + safeUrl() + ", actions " + actions + (enabled ? "" : ", disabled") + "]";
  }
}
