package io.healer.integration.openstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Whether Debian's OpenStack packages are there; they are installed by {@code integration/openstack/install.sh}. */
final class OpenStackPackages {

  private static final List<String> PROGRAMS = List.of("/usr/bin/keystone-manage", "/usr/bin/keystone-wsgi-public",
      "/usr/bin/heat-api", "/usr/bin/heat-engine", "/usr/bin/heat-manage", "/usr/bin/magnum-api",
      "/usr/bin/magnum-conductor", "/usr/bin/magnum-db-manage", "/usr/sbin/mariadbd", "/usr/bin/mariadb-install-db",
      "/usr/lib/rabbitmq/bin/rabbitmq-server", "/usr/bin/epmd");

  private OpenStackPackages() {}

  /** Fails, naming the script to run, unless every program the suite starts is installed. */
  static void requireInstalled() {
    List<String> missing = PROGRAMS.stream().filter(p -> !Files.isExecutable(Path.of(p))).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("the OpenStack packages are not installed (missing " + missing
          + "): run integration/openstack/install.sh as root");
    }
  }
}
