package io.healer.integration.kubernetes;

import io.healer.integration.support.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the real Kubernetes binaries are: built (or found in the cache) by {@code
 * integration/kubernetes/build.sh}, from the Go modules pinned beside it.
 */
final class KubernetesBinaries {

  private static Path dir;

  private KubernetesBinaries() {}

  /** The folder with etcd, kube-apiserver, kube-controller-manager and kubectl; builds them on first use. */
  static synchronized Path dir() {
    if (dir == null) {
      Path script = integrationDir().resolve("kubernetes/build.sh");
      System.out.println("[real-kubernetes] " + script + " (a cold build takes minutes; cached after)");
      // A cold build on 2 cores takes about a quarter of an hour; the script prints progress to stderr.
      Commands.Result result = Commands.exec(integrationDir(), List.of("bash", script.toString()), Map.of(), 3600);
      if (!result.ok()) {
        throw new IllegalStateException("building the Kubernetes binaries failed (exit " + result.exitCode() + "):\n"
            + result.output());
      }
      List<String> lines = result.output().strip().lines().toList();
      dir = Path.of(lines.get(lines.size() - 1));
      if (!Files.isExecutable(dir.resolve("kube-apiserver"))) {
        throw new IllegalStateException("build.sh printed " + dir + ", which holds no kube-apiserver:\n" + result.output());
      }
    }
    return dir;
  }

  /** A binary by name. */
  static Path binary(String name) {
    return dir().resolve(name);
  }

  /** The integration module's folder (Surefire passes it; the working directory otherwise). */
  static Path integrationDir() {
    String property = System.getProperty("healer.integration.dir");
    return property != null ? Path.of(property) : Path.of("").toAbsolutePath();
  }
}
