package io.healer.provider.magnum.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to log in to Keystone v3 and which endpoints to use: the {@code openstack} block of
 * config.yaml after clouds.yaml was merged in. Empty strings mean "not set".
 *
 * <p>{@link #toString()} shows which keys are set and the non-secret values; the password and the
 * application-credential secret are always {@code <redacted>}.
 *
 * @param authUrl Keystone's URL, such as {@code https://keystone:5000/v3}
 * @param userId the user's id
 * @param username the user's name (needs a user domain)
 * @param password the user's password
 * @param userDomainId the user's domain id
 * @param userDomainName the user's domain name
 * @param projectId the project to scope to, by id
 * @param projectName the project to scope to, by name (needs a project domain)
 * @param projectDomainId the project's domain id
 * @param projectDomainName the project's domain name
 * @param domainId the default for both domains, and a domain scope when no project is given
 * @param domainName the same, by name
 * @param trustId a trust to scope to instead of a project
 * @param applicationCredentialId an application credential by id
 * @param applicationCredentialName an application credential by name (needs the user)
 * @param applicationCredentialSecret the application credential's secret
 * @param region the region whose endpoints are used
 * @param endpointType the catalog interface: {@code public} unless set
 * @param caFile a PEM file of CA certificates to trust
 * @param tlsInsecure whether to skip TLS verification
 * @param certFile a PEM client certificate for mutual TLS
 * @param keyFile its PEM (PKCS#8) private key
 */
public record AuthConfig(
    String authUrl, String userId, String username, String password, String userDomainId,
    String userDomainName, String projectId, String projectName, String projectDomainId,
    String projectDomainName, String domainId, String domainName, String trustId,
    String applicationCredentialId, String applicationCredentialName, String applicationCredentialSecret,
    String region, String endpointType, String caFile, boolean tlsInsecure, String certFile, String keyFile) {

  /**
   * Whether application-credential authentication is configured.
   *
   * @return {@code true} when an application credential id or name is set
   */
  public boolean usesApplicationCredential() {
    return !applicationCredentialId.isEmpty() || !applicationCredentialName.isEmpty();
  }

  /**
   * The user's domain: the user-domain keys, else the domain keys.
   *
   * @return Keystone's domain object ({@code id} or {@code name}); empty when no domain key is set
   */
  public Optional<Map<String, Object>> userDomain() {
    return domain(userDomainId, userDomainName);
  }

  /**
   * The project's domain: the project-domain keys, else the domain keys.
   *
   * @return Keystone's domain object ({@code id} or {@code name}); empty when no domain key is set
   */
  public Optional<Map<String, Object>> projectDomain() {
    return domain(projectDomainId, projectDomainName);
  }

  private Optional<Map<String, Object>> domain(String id, String name) {
    Map<String, Object> d = new LinkedHashMap<>();
    if (!id.isEmpty()) {
      d.put("id", id);
    } else if (!name.isEmpty()) {
      d.put("name", name);
    } else if (!domainId.isEmpty()) {
      d.put("id", domainId);
    } else if (!domainName.isEmpty()) {
      d.put("name", domainName);
    }
    return d.isEmpty() ? Optional.empty() : Optional.of(d);
  }

  /** The Keystone v3 {@code POST /auth/tokens} body. It holds secrets: never log it. */
  Map<String, Object> tokenRequest() {
    Map<String, Object> identity = new LinkedHashMap<>();
    Map<String, Object> auth = new LinkedHashMap<>();
    if (usesApplicationCredential()) {
      Map<String, Object> cred = new LinkedHashMap<>();
      if (!applicationCredentialId.isEmpty()) {
        cred.put("id", applicationCredentialId);
      } else {
        cred.put("name", applicationCredentialName);
        cred.put("user", user());
      }
      cred.put("secret", applicationCredentialSecret);
      identity.put("methods", java.util.List.of("application_credential"));
      identity.put("application_credential", cred);
      auth.put("identity", identity);
      // An application credential is bound to its project: Keystone refuses a scope with it.
      return Map.of("auth", auth);
    }
    Map<String, Object> user = user();
    user.put("password", password);
    identity.put("methods", java.util.List.of("password"));
    identity.put("password", Map.of("user", user));
    auth.put("identity", identity);
    if (!trustId.isEmpty()) {
      auth.put("scope", Map.of("OS-TRUST:trust", Map.of("id", trustId)));
    } else if (!projectId.isEmpty()) {
      auth.put("scope", Map.of("project", Map.of("id", projectId)));
    } else if (!projectName.isEmpty()) {
      Map<String, Object> project = new LinkedHashMap<>();
      project.put("name", projectName);
      projectDomain().ifPresent(d -> project.put("domain", d));
      auth.put("scope", Map.of("project", project));
    } else if (!domainId.isEmpty() || !domainName.isEmpty()) {
      auth.put("scope", Map.of("domain", domainId.isEmpty() ? Map.of("name", domainName) : Map.of("id", domainId)));
    }
    return Map.of("auth", auth);
  }

  private Map<String, Object> user() {
    Map<String, Object> user = new LinkedHashMap<>();
    if (!userId.isEmpty()) {
      user.put("id", userId);
    } else {
      user.put("name", username);
      userDomain().ifPresent(d -> user.put("domain", d));
    }
    return user;
  }

  @Override
  public String toString() {
    return "AuthConfig[auth-url=" + authUrl + ", user-id=" + userId + ", username=" + username
        + ", password=" + (password.isEmpty() ? "" : "<redacted>") + ", project-id=" + projectId
        + ", project-name=" + projectName + ", trust-id=" + trustId
        + ", application-credential-id=" + applicationCredentialId
        + ", application-credential-name=" + applicationCredentialName
        + ", application-credential-secret=" + (applicationCredentialSecret.isEmpty() ? "" : "<redacted>")
        + ", region=" + region + ", endpoint-type=" + endpointType + ", ca-file=" + caFile
        + ", tls-insecure=" + tlsInsecure + ", cert-file=" + certFile + ", key-file=" + keyFile + "]";
  }
}
