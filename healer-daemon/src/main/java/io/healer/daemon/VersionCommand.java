package io.healer.daemon;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code healer version}: healer's version and the Java runtime's. */
@Command(name = "version", description = "Print healer's version.")
final class VersionCommand implements Callable<Integer> {

  private final CliEnvironment env;

  VersionCommand(CliEnvironment env) {
    this.env = env;
  }

  static String line() {
    return "healer " + BuildInfo.version() + " (Java " + Runtime.version() + ", "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")";
  }

  @Override
  public Integer call() {
    env.out().println(line());
    return HealerCli.OK;
  }
}
