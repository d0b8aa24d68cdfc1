package io.healer.daemon;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options several commands share, as picocli mixins. */
final class Options {

  private Options() {}

  /** What every command that reads a config file takes: help, the file, plugin directories, logs. */
  static final class Common {
    @Mixin
    Help help = new Help();

    @Mixin
    Config config = new Config();

    @Mixin
    PluginDirs pluginDirs = new PluginDirs();

    @Mixin
    Logs logs = new Logs();
  }

  /** {@code --timeout DURATION} of the one-pass commands: how long the cluster connection may take to be ready. */
  static final class ConnectTimeout {
    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
        description = "how long to wait for the cluster connection to be ready; default: ${DEFAULT-VALUE}")
    String timeout;

    /** The wait, parsed as config.yaml's durations are; a bad one names the flag and the value. */
    java.time.Duration duration() {
      return io.healer.api.config.Settings.of("", java.util.Map.of("--timeout", timeout))
          .duration("--timeout", java.time.Duration.ofSeconds(30));
    }
  }

  /** {@code -h/--help} on a command: its usage on standard output and exit 0, required options or not. */
  static final class Help {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;
  }

  /** {@code --config FILE}: the Go tool's flag, same meaning. */
  static final class Config {
    @Option(names = "--config", paramLabel = "FILE", required = true,
        description = "config.yaml in magnum-auto-healer's format, such as /etc/magnum-auto-healer/config.yaml")
    Path file;
  }

  /** {@code -v/--v}, {@code --log-level}, {@code --log-format}. */
  static final class Logs {
    @Option(names = {"-v", "--v"}, paramLabel = "N",
        description = "klog verbosity, as magnum-auto-healer's --v: 0-2 info, 3-4 debug, 5+ trace")
    Integer verbosity;

    @Option(names = "--log-level", paramLabel = "LEVEL",
        description = "error, warn, info, debug or trace; wins over -v")
    String level;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "plain",
        description = "plain or json (one JSON object a line); default: ${DEFAULT-VALUE}")
    String format;

    /** Sets up logging for a command whose own output matters more than INFO logs below {@code fallback}. */
    void apply(CliEnvironment env, Level fallback) {
      Logging.Format parsed = switch (format) {
        case "plain" -> Logging.Format.PLAIN;
        case "json" -> Logging.Format.JSON;
        default -> throw new DaemonException("--log-format: value '" + format + "' is not allowed; plain or json");
      };
      Logging.configure(parsed, Logging.level(verbosity, level, fallback), env.err());
    }
  }

  /** {@code --plugins DIR}, repeatable, and {@code HEALER_PLUGINS}. */
  static final class PluginDirs {
    @Option(names = "--plugins", paramLabel = "DIR",
        description = "a directory of plugin jars (check and provider factories); repeatable. "
            + "Also HEALER_PLUGINS, a list of directories separated by '${sys:path.separator}'")
    List<Path> dirs = new ArrayList<>();

    Plugins open(CliEnvironment env) {
      return Plugins.open(Plugins.directories(dirs, env.env()));
    }
  }
}
