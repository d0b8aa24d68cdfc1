package io.healer.integration.kubernetes;

import io.healer.integration.support.ResolverOf;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Hands tests a {@link RealKubernetes}: one control plane for the whole test run, started on first
 * use and stopped when the run ends (JUnit closes it, pass or fail; a JVM that dies stops its
 * processes through a shutdown hook). Tests get it as a parameter of a test method, a lifecycle
 * method or the constructor. Its folder (certificates, logs, the audit log) stays under {@code
 * target/real-servers/} for a person to read after a failure.
 */
public final class RealKubernetesExtension extends ResolverOf<RealKubernetes> {

  public RealKubernetesExtension() {
    super(RealKubernetes.class);
  }

  @Override
  protected RealKubernetes resolve(ExtensionContext context) {
    return cluster(context);
  }

  /** The run's control plane, started on first use. */
  static RealKubernetes cluster(ExtensionContext context) {
    return perRun(context, RealKubernetesExtension.class, RealKubernetes.class,
        () -> RealKubernetes.start(folder("kubernetes")));
  }

  /** A new folder under {@code target/real-servers/} for one run's servers. */
  static Path folder(String name) {
    return runFolder(name);
  }
}
