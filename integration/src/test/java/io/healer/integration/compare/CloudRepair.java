package io.healer.integration.compare;

import io.healer.integration.support.RecordingProxy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request that changed a server or the cluster, as the cloud received it: a Nova server action
 * (reboot, stop, rebuild, delete), a Magnum resize, a Heat resource marked unhealthy or a stack
 * update. Reads (GETs) and the Magnum cluster's health-status writes are not repairs.
 *
 * @param at when the proxy received it
 * @param action {@code reboot SOFT}, {@code os-stop}, {@code resize}, {@code mark-unhealthy}, {@code stack-update}...
 * @param servers the world's servers it names (in its path or body); empty for the stack as a whole
 */
record CloudRepair(Instant at, String action, List<String> servers) {

  private static final Pattern NOVA_ACTION = Pattern.compile("/v2\\.1/servers/([^/]+)/action");
  private static final Pattern ACTION_NAME = Pattern.compile("^\\{\\s*\"([^\"]+)\"");
  private static final Pattern REBOOT_TYPE = Pattern.compile("\"type\"\\s*:\\s*\"(\\w+)\"");

  /** Whether this action starts a repair (a stop or a detach is a step of one). */
  boolean starts() {
    return action.startsWith("reboot") || action.equals("rebuild") || action.equals("resize")
        || action.equals("mark-unhealthy") || action.equals("forceDelete") || action.equals("delete");
  }

  /** Whether this starts a repair beyond a reboot: the escalation a node a reboot does not bring back needs. */
  boolean replaces() {
    return starts() && !action.startsWith("reboot");
  }

  /** The repair a recorded request is, if it is one. */
  static Optional<CloudRepair> of(RecordingProxy.Request r, Set<String> knownServers) {
    if (r.method().equals("GET") || r.method().equals("HEAD") || r.service().equals("keystone")) {
      return Optional.empty();
    }
    String text = r.path() + " " + r.body();
    List<String> named = knownServers.stream().filter(text::contains).sorted().toList();
    String action = switch (r.service()) {
      case "nova" -> novaAction(r);
      case "magnum" -> r.path().endsWith("/actions/resize") ? "resize"
          : r.method().equals("DELETE") ? "cluster-delete" : null;
      case "heat" -> r.path().contains("/resources/") ? "mark-unhealthy" : "stack-" + r.method().toLowerCase();
      default -> null;
    };
    return action == null ? Optional.empty() : Optional.of(new CloudRepair(r.at(), action, named));
  }

  private static String novaAction(RecordingProxy.Request r) {
    if (r.method().equals("DELETE")) {
      return "delete";
    }
    Matcher path = NOVA_ACTION.matcher(r.path());
    if (!path.matches()) {
      return r.method() + " " + r.path();
    }
    Matcher name = ACTION_NAME.matcher(r.body());
    String action = name.find() ? name.group(1) : "?";
    if (action.equals("reboot")) {
      Matcher type = REBOOT_TYPE.matcher(r.body());
      return "reboot " + (type.find() ? type.group(1) : "?");
    }
    return action;
  }
}
