package io.healer.provider.magnum.internal;

import io.healer.provider.magnum.internal.OpenStackSession.Call;
import java.util.List;
import java.util.Map;

/** The Heat calls of the provider. */
public final class Orchestration {

  private static final String SERVICE = "orchestration";

  /**
   * A Heat stack.
   *
   * @param id the stack's id
   * @param name the stack's name, which never changes
   * @param status its Heat status, such as {@code UPDATE_COMPLETE} or {@code UPDATE_IN_PROGRESS}
   */
  public record Stack(String id, String name, String status) {}

  /**
   * A resource of a stack or of one of its nested stacks.
   *
   * @param name the logical name in its own stack
   * @param type such as {@code OS::Nova::Server}
   * @param physicalId the id of what it created (a server id, a volume id)
   * @param stackName the name of the stack that holds it
   * @param stackId the id of that stack
   * @param status its Heat status, such as {@code CHECK_FAILED} once marked unhealthy; empty when unknown
   */
  public record Resource(String name, String type, String physicalId, String stackName, String stackId,
      String status) {}

  private final OpenStackSession session;

  /** @param session the authenticated session */
  public Orchestration(OpenStackSession session) {
    this.session = session;
  }

  /**
   * A stack by id alone. Heat answers with a redirect to {@code .../stacks/{name}/{id}} built from
   * its own host and scheme, which behind a proxy need not be the catalog's (an {@code http}
   * Location for an {@code https} endpoint): the name is taken from the Location's path and the
   * stack read from the catalog's endpoint, never from wherever the Location points.
   *
   * @param id the stack's id
   * @return the stack with its name and status, such as {@code UPDATE_COMPLETE}
   * @throws OpenStackException when Heat answers with an error, or with a redirect that names no
   *     stack
   */
  @SuppressWarnings("unchecked")
  public Stack stack(String id) {
    OpenStackSession.Reply reply = session.send(Call.get(SERVICE, "/stacks/" + id));
    if (reply.status() / 100 == 3) {
      String location = reply.location() == null ? "" : reply.location();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("/stacks/([^/?]+)/([^/?]+)/?(\\?.*)?$")
          .matcher(location);
      if (!m.find()) {
        throw new OpenStackException(reply.status(), "Heat GET /stacks/" + id + " answered "
            + reply.status() + " with a Location that names no stack: '" + location + "'");
      }
      return stack(m.group(1), m.group(2));
    }
    return reply.read(Orchestration::stack);
  }

  /**
   * A stack by its name and id: one request, where {@link #stack(String)} costs two (the lookup
   * and its redirect). A stack's name never changes, so callers may remember it.
   *
   * @param name the stack's name
   * @param id the stack's id
   * @return the stack with its status
   * @throws OpenStackException when Heat answers with an error, such as 404 for an unknown stack
   */
  @SuppressWarnings("unchecked")
  public Stack stack(String name, String id) {
    return session.send(Call.get(SERVICE, "/stacks/" + name + "/" + id)).read(Orchestration::stack);
  }

  @SuppressWarnings("unchecked")
  private static Stack stack(Map<String, Object> json) {
    Map<String, Object> s = (Map<String, Object>) json.getOrDefault("stack", Map.of());
    return new Stack(String.valueOf(s.get("id")), String.valueOf(s.get("stack_name")),
        String.valueOf(s.get("stack_status")));
  }

  /**
   * The resources of a stack down to {@code depth} levels of nesting.
   *
   * @param stack the top stack
   * @param depth how many levels of nested stacks to include; 0 for the stack's own resources only
   * @return the resources, each naming the (nested) stack that holds it
   * @throws OpenStackException when Heat answers with an error
   */
  @SuppressWarnings("unchecked")
  public List<Resource> resources(Stack stack, int depth) {
    return session.send(Call.get(SERVICE, "/stacks/" + stack.name() + "/" + stack.id() + "/resources?nested_depth="
        + depth)).read(json -> resources(stack, (List<Object>) json.getOrDefault("resources", List.of())));
  }

  @SuppressWarnings("unchecked")
  private static List<Resource> resources(Stack stack, List<Object> list) {
    return list.stream().map(o -> (Map<String, Object>) o).map(r -> {
      // The "stack" link names the stack that really holds the resource: .../stacks/{name}/{id}.
      String[] parts = {stack.name(), stack.id()};
      for (Object l : (List<Object>) r.getOrDefault("links", List.of())) {
        Map<String, Object> link = (Map<String, Object>) l;
        if ("stack".equals(link.get("rel"))) {
          String[] p = String.valueOf(link.get("href")).split("/");
          parts = new String[] {p[p.length - 2], p[p.length - 1]};
        }
      }
      return new Resource(String.valueOf(r.get("resource_name")), String.valueOf(r.get("resource_type")),
          String.valueOf(r.get("physical_resource_id")), parts[0], parts[1],
          String.valueOf(r.getOrDefault("resource_status", "")));
    }).toList();
  }

  /**
   * Marks a resource unhealthy so that the next stack update replaces it.
   *
   * @param resource the resource, as {@link #resources} gave it (its own stack is patched)
   * @param reason why, stored by Heat as the resource's status reason
   * @throws OpenStackException when Heat refuses the change
   */
  public void markUnhealthy(Resource resource, String reason) {
    session.send(Call.change(SERVICE, "PATCH",
        "/stacks/" + resource.stackName() + "/" + resource.stackId() + "/resources/" + resource.name(),
        Map.of("mark_unhealthy", true, "resource_status_reason", reason)));
  }

  /**
   * Updates a stack with its existing template and parameters (PATCH), rebuilding what is unhealthy.
   *
   * @param stack the top stack to update
   * @throws OpenStackException when Heat refuses, such as 409 while the stack is being changed
   */
  public void updateExisting(Stack stack) {
    session.send(Call.change(SERVICE, "PATCH", "/stacks/" + stack.name() + "/" + stack.id(), Map.of()));
  }
}
