package io.healer.integration.openstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** An oslo.config file written section by section. */
final class Ini {

  private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();

  /** Sets {@code key = value} in {@code section}. */
  Ini set(String section, String key, Object value) {
    sections.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(key, String.valueOf(value));
    return this;
  }

  /** Sets the keys oslo's password plugin reads (keystone_authtoken, trustee and the like). */
  Ini password(String section, String authUrl, String user, String password, String project) {
    set(section, "auth_type", "password").set(section, "auth_url", authUrl).set(section, "username", user)
        .set(section, "password", password).set(section, "user_domain_id", "default");
    if (project != null) {
      set(section, "project_name", project).set(section, "project_domain_id", "default");
    }
    return this;
  }

  Path write(Path file) {
    StringBuilder text = new StringBuilder();
    sections.forEach((name, keys) -> {
      text.append('[').append(name).append("]\n");
      keys.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
      text.append('\n');
    });
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
