package io.healer.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Makes magnum-auto-healer's command line work as it is, so an operator changes only the image and
 * the command. Its manifest passes {@code /bin/magnum-auto-healer --config=/etc/magnum-auto-healer/config.yaml
 * --v 2} as the container's args: the binary's path comes first (the image had no entrypoint) and
 * there is no subcommand, because the Go tool does one thing.
 */
final class LegacyArgs {

  static final String GO_BINARY = "magnum-auto-healer";

  private static final Set<String> PASS_THROUGH = Set.of("-h", "--help", "-V", "--version");

  private LegacyArgs() {}

  /**
   * The arguments as healer's command line reads them: a leading path to the Go binary dropped,
   * and {@code run} put in front when the first argument is an option rather than a command.
   *
   * @param args the process's arguments
   * @param commands the names of healer's subcommands
   */
  static String[] normalize(String[] args, Set<String> commands) {
    List<String> list = new ArrayList<>(Arrays.asList(args));
    if (!list.isEmpty() && isGoBinary(list.get(0))) {
      list.remove(0);
    }
    if (!list.isEmpty() && list.get(0).startsWith("-") && !PASS_THROUGH.contains(list.get(0))
        && !commands.contains(list.get(0))) {
      list.add(0, "run");
    }
    return list.toArray(String[]::new);
  }

  private static boolean isGoBinary(String arg) {
    if (arg.startsWith("-")) {
      return false;
    }
    Path name = Path.of(arg).getFileName();
    return name != null && name.toString().equals(GO_BINARY);
  }
}
