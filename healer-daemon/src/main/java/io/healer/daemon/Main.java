package io.healer.daemon;

/** {@code java -jar healer.jar}: runs {@link HealerCli} and exits with its code. */
public final class Main {

  private Main() {}

  /**
   * The process's entry point.
   *
   * @param args a command and its options, or magnum-auto-healer's arguments
   */
  public static void main(String[] args) {
    // Otherwise SLF4J announces that choice on standard error at every start.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "WARN");
    }
    System.exit(HealerCli.execute(args, CliEnvironment.system()));
  }
}
