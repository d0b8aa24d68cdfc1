package io.healer.integration.openstack;

import io.healer.integration.support.ResolverOf;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Hands tests a {@link RealOpenStack}: one stack of real services for the whole test run, started
 * on first use and stopped when the run ends (JUnit closes it, pass or fail; a JVM that dies stops
 * its processes through shutdown hooks). Tests get it as a parameter of a test method, a lifecycle
 * method or the constructor. Its folder (configs, data, every process's log) stays under {@code
 * target/real-servers/} for a person to read after a failure.
 */
public final class RealOpenStackExtension extends ResolverOf<RealOpenStack> {

  public RealOpenStackExtension() {
    super(RealOpenStack.class);
  }

  @Override
  protected RealOpenStack resolve(ExtensionContext context) {
    return perRun(context, RealOpenStackExtension.class, RealOpenStack.class,
        () -> RealOpenStack.start(ResolverOf.runFolder("openstack")));
  }
}
