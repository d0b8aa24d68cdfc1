package io.healer.integration.kubernetes;

import io.healer.integration.support.ResolverOf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Hands a test method a fresh {@link DaemonWorld} on the run's control plane (one master, two
 * workers, the daemon not yet started) and closes it when the test ends, pass or fail: its daemons
 * stopped, its nodes, access and Lease removed.
 */
public final class DaemonWorldExtension extends ResolverOf<DaemonWorld> {

  public DaemonWorldExtension() {
    super(DaemonWorld.class);
  }

  @Override
  protected DaemonWorld resolve(ExtensionContext context) {
    RealKubernetes cluster = RealKubernetesExtension.cluster(context);
    try {
      return perTest(context, DaemonWorldExtension.class,
          new DaemonWorld(cluster, Files.createTempDirectory(cluster.dir(), "world-")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
