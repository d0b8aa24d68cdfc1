package io.healer.integration.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands a test method a fresh {@link DaemonWorld} on the run's control plane (one master, two
 * workers, the daemon not yet started) and closes it when the test ends, pass or fail: its daemons
 * stopped, its nodes, access and Lease removed.
 */
public final class DaemonWorldExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == DaemonWorld.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    RealKubernetes cluster = RealKubernetesExtension.cluster(context);
    try {
      DaemonWorld world = new DaemonWorld(cluster, Files.createTempDirectory(cluster.dir(), "world-"));
      // The test method's store is closed when the test ends; JUnit closes AutoCloseable values.
      context.getStore(ExtensionContext.Namespace.create(DaemonWorldExtension.class)).put("world", world);
      return world;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
