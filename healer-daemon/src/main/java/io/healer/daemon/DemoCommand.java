package io.healer.daemon;

import ch.qos.logback.classic.Level;
import io.healer.examples.demo.Demo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code healer demo}: the simulated cluster of examples/demo, its timeline on standard output. */
@Command(name = "demo", description = "Heal a simulated cluster of 3 masters and 4 workers on a fake cloud and print the timeline.")
final class DemoCommand implements Callable<Integer> {

  private final CliEnvironment env;

  @Mixin
  Options.Logs logs = new Options.Logs();

  DemoCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    // The timeline is the output; the engine's own INFO lines would repeat it.
    logs.apply(env, Level.WARN);
    Demo.run(env.out());
    return HealerCli.OK;
  }
}
