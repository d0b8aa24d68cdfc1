package io.healer.provider.magnum.internal;

import io.healer.provider.magnum.internal.OpenStackSession.Call;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Nova calls of the provider (compute API v2.1; only {@link #placement} asks for a microversion,
 * 2.16, for the host's state, and falls back to the base version where Nova is older).
 */
public final class Compute {

  private static final String SERVICE = "compute";

  /**
   * A Nova server as the provider needs it.
   *
   * @param id the server's id (a UUID)
   * @param name its Nova name
   * @param status its Nova status, such as {@code ACTIVE}, {@code SHUTOFF} or {@code ERROR}
   * @param addresses the IP addresses of all its networks, fixed and floating
   */
  public record Server(String id, String name, String status, List<String> addresses) {}

  /**
   * A server's state and where it runs, as Nova shows it.
   *
   * @param status Nova's {@code status}
   * @param hostId Nova's {@code hostId} (per-project hash of the host), or {@code null}
   * @param hostStatus Nova's {@code host_status} (2.16+, policy permitting), or {@code null}
   * @param zone {@code OS-EXT-AZ:availability_zone}, or {@code null}
   */
  public record Placement(String status, String hostId, String hostStatus, String zone) {}

  /** The microversion that adds {@code host_status} to a server. */
  static final String HOST_STATUS_VERSION = "compute 2.16";

  /**
   * A volume attached to a server; Nova's attachment id is the volume id.
   *
   * @param id the attachment's id
   * @param volumeId the attached volume's id
   */
  public record Attachment(String id, String volumeId) {}

  private final OpenStackSession session;

  /** @param session the authenticated session */
  public Compute(OpenStackSession session) {
    this.session = session;
  }

  /**
   * The server, or empty when Nova does not know it (404).
   *
   * @param id the Nova server id (a UUID)
   * @return the server with its status (such as {@code ACTIVE} or {@code SHUTOFF}) and the
   *     addresses of all its networks; empty on 404
   * @throws OpenStackException when Nova answers with another error or not at all
   */
  @SuppressWarnings("unchecked")
  public Optional<Server> server(String id) {
    try {
      return Optional.of(session.send(Call.get(SERVICE, "/servers/" + id)).read(json -> {
        Map<String, Object> s = (Map<String, Object>) json.getOrDefault("server", Map.of());
        List<String> addresses = new ArrayList<>();
        ((Map<String, Object>) s.getOrDefault("addresses", Map.of())).values().forEach(net ->
            ((List<Object>) net).forEach(a -> addresses.add(String.valueOf(((Map<String, Object>) a).get("addr")))));
        return new Server(String.valueOf(s.get("id")), String.valueOf(s.get("name")),
            String.valueOf(s.get("status")), List.copyOf(addresses));
      }));
    } catch (OpenStackException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * The server's state, host and zone ({@code GET /servers/{id}} at microversion 2.16, so that
   * {@code host_status} is shown where policy allows; a Nova older than that answers 406, and the
   * call is made again at the base version), or empty when Nova does not know it (404).
   *
   * @param id the Nova server id
   * @return the server's placement, or empty when Nova has no such server
   * @throws OpenStackException when Nova answers with another error
   */
  @SuppressWarnings("unchecked")
  public Optional<Placement> placement(String id) {
    Call call = Call.get(SERVICE, "/servers/" + id);
    try {
      try {
        return Optional.of(read(session.send(call.withHeader("OpenStack-API-Version", HOST_STATUS_VERSION))));
      } catch (OpenStackException e) {
        if (e.status() != 406) {
          throw e;
        }
        return Optional.of(read(session.send(call)));
      }
    } catch (OpenStackException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @SuppressWarnings("unchecked")
  private static Placement read(OpenStackSession.Reply reply) {
    return reply.read(json -> {
      Map<String, Object> s = (Map<String, Object>) json.getOrDefault("server", Map.of());
      return new Placement(String.valueOf(s.get("status")), text(s.get("hostId")), text(s.get("host_status")),
          text(s.get("OS-EXT-AZ:availability_zone")));
    });
  }

  private static String text(Object o) {
    return o == null ? null : String.valueOf(o);
  }

  /**
   * Soft-reboots the server ({@code POST /servers/{id}/action {"reboot": {"type": "SOFT"}}}).
   *
   * @param id the Nova server id
   * @throws OpenStackException when Nova refuses, such as 409 for a server that is not running
   */
  public void softReboot(String id) {
    session.send(Call.change(SERVICE, "POST", "/servers/" + id + "/action", Map.of("reboot", Map.of("type", "SOFT"))));
  }

  /**
   * Hard-reboots the server ({@code {"reboot": {"type": "HARD"}}}), which Nova allows from {@code
   * SHUTOFF}, {@code ERROR}, {@code PAUSED} and {@code SUSPENDED}, where a soft reboot is 409.
   *
   * @param id the Nova server id
   * @throws OpenStackException when Nova refuses the reboot
   */
  public void hardReboot(String id) {
    session.send(Call.change(SERVICE, "POST", "/servers/" + id + "/action", Map.of("reboot", Map.of("type", "HARD"))));
  }

  /**
   * Asks the server to power off ({@code os-stop}); Nova answers 202 and stops it later.
   *
   * @param id the Nova server id
   * @throws OpenStackException when Nova refuses, such as 409 for a server already stopped
   */
  public void stop(String id) {
    Map<String, Object> body = new HashMap<>();
    body.put("os-stop", null);
    session.send(Call.change(SERVICE, "POST", "/servers/" + id + "/action", body));
  }

  /**
   * Deletes the server at once ({@code forceDelete}).
   *
   * @param id the Nova server id
   * @throws OpenStackException when Nova refuses the deletion
   */
  public void forceDelete(String id) {
    Map<String, Object> body = new HashMap<>();
    body.put("forceDelete", null);
    session.send(Call.change(SERVICE, "POST", "/servers/" + id + "/action", body));
  }

  /**
   * The volumes attached to the server.
   *
   * @param serverId the Nova server id
   * @return the attachments in Nova's order; empty when none
   * @throws OpenStackException when Nova answers with an error, such as 404 for an unknown server
   */
  @SuppressWarnings("unchecked")
  public List<Attachment> attachments(String serverId) {
    return session.send(Call.get(SERVICE, "/servers/" + serverId + "/os-volume_attachments")).read(json ->
        ((List<Object>) json.getOrDefault("volumeAttachments", List.of())).stream().map(o -> (Map<String, Object>) o)
            .map(a -> new Attachment(String.valueOf(a.get("id")), String.valueOf(a.get("volumeId")))).toList());
  }

  /**
   * Detaches a volume; a detach that is already done (404) counts as done.
   *
   * @param serverId the Nova server id
   * @param attachmentId the attachment's id, which is the volume's id
   * @throws OpenStackException when Nova answers with an error other than 404
   */
  public void detach(String serverId, String attachmentId) {
    try {
      session.send(Call.change(SERVICE, "DELETE", "/servers/" + serverId + "/os-volume_attachments/" + attachmentId,
          null).asIdempotent());
    } catch (OpenStackException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }
}
