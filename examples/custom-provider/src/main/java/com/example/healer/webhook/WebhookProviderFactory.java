package com.example.healer.webhook;

import com.google.auto.service.AutoService;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.CloudProviderFactory;
import io.healer.api.cloud.RepairAction;
import io.healer.api.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Creates the {@code webhook} provider ({@code cloud-provider: webhook}) from its block:
 *
 * <ul>
 *   <li>{@code url} (required): where repairs are POSTed, {@code http} or {@code https}.
 *   <li>{@code token} (optional, secret): sent as {@code Authorization: Bearer <token>}.
 *   <li>{@code actions} (default {@code [REBOOT]}): the repair actions the receiver carries out.
 *   <li>{@code enabled} (default {@code true}): the provider's own switch; {@code false} reports
 *       healing disabled, so healer repairs nothing.
 *   <li>{@code timeout} (default {@code 10s}): the longest wait for the receiver's answer.
 * </ul>
 */
@AutoService(CloudProviderFactory.class)
public final class WebhookProviderFactory implements CloudProviderFactory {

  private static final List<String> KEYS = List.of("url", "token", "actions", "enabled", "timeout");

  /** Called by {@link java.util.ServiceLoader}. */
  public WebhookProviderFactory() {}

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public CloudProvider create(Settings settings, String clusterName) {
    settings.requireOnlyKeys(KEYS);
    String url = settings.requiredString("url");
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw settings.problem("url", url, "an http or https URL, such as https://runbooks.example.com/heal");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw settings.problem("url", url, "an http or https URL, such as https://runbooks.example.com/heal");
    }
    Set<RepairAction> actions = EnumSet.noneOf(RepairAction.class);
    for (String action : settings.stringList("actions", List.of("REBOOT"))) {
      try {
        actions.add(RepairAction.valueOf(action.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw settings.problem("actions", action, "REBOOT, REBUILD or REPLACE");
      }
    }
    Duration timeout = settings.duration("timeout", Duration.ofSeconds(10));
    return new WebhookProvider(uri, settings.string("token", ""), actions, settings.bool("enabled", true),
        timeout, clusterName);
  }
}
