package io.healer.examples.demo;

import io.healer.api.embedding.HealerEvent;
import io.healer.api.embedding.HealerListener;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints the healer's decisions, and the demo's own narration, as lines of simulated time. */
final class Timeline implements HealerListener {

  private final PrintStream out;
  private final Instant start;
  private final List<HealerEvent> events = new ArrayList<>();

  Timeline(PrintStream out, Instant start) {
    this.out = out;
    this.start = start;
  }

  @Override
  public synchronized void onEvent(HealerEvent e) {
    events.add(e);
    String what = switch (e.type()) {
      case UNHEALTHY_DETECTED -> "detected   " + e.check().orElse("") + ": " + e.message();
      case REPAIR_CANDIDATE -> "candidate  " + e.message();
      case REPAIR_STARTED -> "repair     " + e.action().map(a -> a.name().toLowerCase(Locale.ROOT)).orElse("")
          + " chosen, " + e.message();
      case REPAIR_SUCCEEDED -> "accepted   " + e.message();
      case REPAIR_FAILED -> "failed     " + e.message();
      case REPAIR_SKIPPED -> "held back  " + e.message();
      case REPAIR_GIVEN_UP -> "given up   " + e.message();
      case RECOVERED -> "healthy    " + e.message();
      case REPAIR_DONE -> "done       " + e.message();
    };
    line(e.time(), String.format("%-9s %s", e.nodeName(), what));
  }

  synchronized void narrate(Instant at, String text) {
    out.println();
    line(at, ">> " + text);
  }

  synchronized List<HealerEvent> events() {
    return List.copyOf(events);
  }

  private void line(Instant at, String text) {
    Duration d = Duration.between(start, at);
    out.printf("T+%02d:%02d  %s%n", d.toMinutes(), d.toSecondsPart(), text);
  }
}
