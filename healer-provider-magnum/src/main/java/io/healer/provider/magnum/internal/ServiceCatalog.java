package io.healer.provider.magnum.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds a service's endpoint in a Keystone v3 token's catalog, for one region and interface.
 *
 * <p>A service is asked for by its official type (OpenStack's service-types-authority) and found
 * under that type or any of its historical aliases, the official one first: Cinder is registered
 * as {@code block-storage} by current devstack and kolla, as {@code volumev3} (and before it
 * {@code volumev2} or {@code volume}) by older deployments; Magnum's own devstack plugin still
 * registers {@code container-infra}. The aliases are those of os-service-types 1.7.0.
 */
public final class ServiceCatalog {

  /** The official types the provider calls, each with its aliases in the authority's order. */
  private static final Map<String, List<String>> TYPES = Map.of(
      "block-storage", List.of("block-storage", "volumev3", "volumev2", "volume", "block-store"),
      "container-infrastructure-management", List.of("container-infrastructure-management",
          "container-infrastructure", "container-infra"));

  /** Each official type's project name, for messages a person reads. */
  private static final Map<String, String> NAMES = Map.of("compute", "Nova", "block-storage", "Cinder",
      "container-infrastructure-management", "Magnum", "orchestration", "Heat", "identity", "Keystone");

  private ServiceCatalog() {}

  /**
   * The catalog types that serve {@code type}, the official one first.
   *
   * @param type an official service type, such as {@code block-storage}
   * @return the official type and its aliases (such as {@code volumev3}); just {@code type} when it
   *     has no aliases here
   */
  public static List<String> typesOf(String type) {
    return TYPES.getOrDefault(type, List.of(type));
  }

  /**
   * The service's project name ("Magnum"), or its type when it has none here.
   *
   * @param type an official service type, such as {@code container-infrastructure-management}
   * @return the project name, such as {@code Magnum}, else {@code type}
   */
  public static String nameOf(String type) {
    return NAMES.getOrDefault(type, type);
  }

  /**
   * The catalog interface for a configured endpoint type: {@code public} when empty; the v2 forms
   * {@code publicURL}, {@code internalURL}, {@code adminURL} as their v3 names.
   *
   * @param endpointType the configured {@code endpoint-type}, possibly empty; case does not matter
   * @return the lower-case v3 interface name, such as {@code internal}
   */
  public static String interfaceOf(String endpointType) {
    String s = endpointType.strip().toLowerCase(Locale.ROOT);
    if (s.isEmpty()) {
      return "public";
    }
    return s.endsWith("url") ? s.substring(0, s.length() - 3) : s;
  }

  /**
   * The endpoint URL, without a trailing slash.
   *
   * @param catalog the token's {@code catalog} list
   * @param type the official service type
   * @param region the region, or empty for any
   * @param iface {@code public}, {@code internal} or {@code admin}
   * @return the first matching endpoint's URL, trying the official type before its aliases
   * @throws OpenStackException naming the service, its types, the region and the interface when
   *     the catalog has no such endpoint
   */
  public static String endpoint(List<?> catalog, String type, String region, String iface) {
    for (String candidate : typesOf(type)) {
      for (Object entry : catalog) {
        if (!(entry instanceof Map<?, ?> service) || !candidate.equals(service.get("type"))
            || !(service.get("endpoints") instanceof List<?> endpoints)) {
          continue;
        }
        for (Object e : endpoints) {
          if (e instanceof Map<?, ?> ep && iface.equals(ep.get("interface")) && inRegion(ep, region)
              && ep.get("url") instanceof String url) {
            return url.replaceAll("/+$", "");
          }
        }
      }
    }
    List<String> types = typesOf(type);
    throw new OpenStackException(0, "the service catalog has no " + iface + " endpoint of " + nameOf(type)
        + " (type " + String.join(" or ", types) + ") in region '" + (region.isEmpty() ? "<any>" : region) + "'");
  }

  private static boolean inRegion(Map<?, ?> endpoint, String region) {
    return region.isEmpty() || region.equals(endpoint.get("region_id")) || region.equals(endpoint.get("region"));
  }
}
