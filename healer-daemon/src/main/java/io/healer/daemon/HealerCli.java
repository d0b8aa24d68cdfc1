package io.healer.daemon;

import io.healer.api.config.ConfigException;
import io.healer.api.config.ConfigProblem;
import io.healer.core.config.ConfigFileException;
import io.healer.core.plugin.PluginException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * healer's command line: {@code run}, {@code check}, {@code validate}, {@code demo}, {@code version}.
 * Exit codes: 0 done, 2 invalid config or usage (one line per problem on standard error), 1 any
 * other failure.
 */
@Command(name = "healer", mixinStandardHelpOptions = true, versionProvider = HealerCli.Version.class,
    description = "Keeps the nodes of a Kubernetes cluster on OpenStack healthy. A drop-in for magnum-auto-healer:"
        + " 'healer --config=FILE --v=2' means 'healer run --config=FILE --v=2'.")
final class HealerCli implements Runnable {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int INVALID = 2;

  private static final Logger LOG = LoggerFactory.getLogger(HealerCli.class);
  private static final Set<String> COMMANDS = Set.of("run", "check", "validate", "demo", "version", "help");

  @Spec
  CommandSpec spec;

  /**
   * Runs one command line to its end.
   *
   * @param args the process's arguments, in healer's form or magnum-auto-healer's
   * @param env the process's streams, environment and cluster connector
   * @return the exit code
   */
  static int execute(String[] args, CliEnvironment env) {
    CommandLine cli = new CommandLine(new HealerCli())
        .addSubcommand(new RunCommand(env))
        .addSubcommand(new CheckCommand(env))
        .addSubcommand(new StatusCommand(env))
        .addSubcommand(new ValidateCommand(env))
        .addSubcommand(new DemoCommand(env))
        .addSubcommand(new VersionCommand(env))
        .addSubcommand(new CommandLine.HelpCommand());
    cli.setOut(new PrintWriter(env.out(), true));
    cli.setErr(new PrintWriter(env.err(), true));
    cli.setExecutionExceptionHandler((e, commandLine, parsed) -> failure(e, env));
    return cli.execute(LegacyArgs.normalize(args, COMMANDS));
  }

  @Override
  public void run() {
    // picocli prints the usage after the message: once.
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** Maps what a command threw to a message and an exit code; never prints a secret. */
  private static int failure(Exception e, CliEnvironment env) {
    if (e instanceof ConfigException config) {
      String source = e instanceof ConfigFileException file ? file.sourceName() : null;
      printProblems(env, source, config);
      return INVALID;
    }
    if (e instanceof PluginException || e instanceof DaemonException) {
      env.err().println("error: " + e.getMessage());
      LOG.debug("details", e);
      return FAILED;
    }
    // Messages of exceptions from libraries may quote anything, including a credential: name the
    // kind of failure here and keep the details for the debug log.
    env.err().println("error: " + e.getClass().getName() + " (run with -v 3 for details)");
    LOG.debug("details", e);
    return FAILED;
  }

  /** One line per problem: {@code FILE: key: value 'x' is not allowed; what is}. */
  static void printProblems(CliEnvironment env, String source, ConfigException e) {
    String prefix = source == null ? "" : source + ": ";
    for (ConfigProblem problem : e.problems()) {
      env.err().println(prefix + problem);
    }
  }

  /** Problems found outside the file loader (checks, provider) still name the file. */
  static ConfigException inFile(Path file, ConfigException e) {
    return e instanceof ConfigFileException ? e : new ConfigFileException(file.toString(), e.problems());
  }

  /** {@code healer --version}. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {VersionCommand.line()};
    }
  }
}
