package com.example.healer.webhook;

import com.google.auto.service.AutoService;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.CloudProviderFactory;
import io.healer.api.cloud.RepairAction;
import io.healer.api.config.ConfigProblem;
import io.healer.api.config.ConfigProblems;
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
 *
 * <p>{@link #validate} and {@link #create} read the block the same way and report every problem at
 * once: {@code healer validate} calls the first, offline, and the daemon the second.
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

  /**
   * What {@code healer validate} runs: every key and value of the block, offline (the receiver is
   * not called), with every problem at once, so a typo shows before the daemon starts.
   */
  @Override
  public List<ConfigProblem> validate(Settings settings) {
    ConfigProblems problems = new ConfigProblems();
    read(settings, problems);
    return problems.list();
  }

  @Override
  public CloudProvider create(Settings settings, String clusterName) {
    ConfigProblems problems = new ConfigProblems();
    Block block = read(settings, problems);
    problems.throwIfAny();
    return new WebhookProvider(block.url(), block.token(), block.actions(), block.enabled(), block.timeout(),
        clusterName);
  }

  /** The block as read; a value with a problem is noted in {@code problems} and left at its default. */
  private static Block read(Settings settings, ConfigProblems problems) {
    problems.check(() -> settings.requireOnlyKeys(KEYS));
    URI url = null;
    String text = problems.read(() -> settings.requiredString("url"), null);
    if (text != null) {
      try {
        url = URI.create(text);
      } catch (IllegalArgumentException e) {
        url = null;
      }
      if (url == null || !"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
        problems.add(settings.problem("url", text, "an http or https URL, such as https://runbooks.example.com/heal"));
      }
    }
    Set<RepairAction> actions = EnumSet.noneOf(RepairAction.class);
    for (String action : problems.read(() -> settings.stringList("actions", List.of("REBOOT")), List.<String>of())) {
      try {
        actions.add(RepairAction.valueOf(action.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        problems.add(settings.problem("actions", action, "REBOOT, REBUILD or REPLACE"));
      }
    }
    Duration timeout = problems.read(() -> settings.duration("timeout", Duration.ofSeconds(10)), Duration.ofSeconds(10));
    boolean enabled = problems.read(() -> settings.bool("enabled", true), true);
    String token = problems.read(() -> settings.string("token", ""), "");
    return new Block(url, token, actions, enabled, timeout);
  }

  private record Block(URI url, String token, Set<RepairAction> actions, boolean enabled, Duration timeout) {}
}
