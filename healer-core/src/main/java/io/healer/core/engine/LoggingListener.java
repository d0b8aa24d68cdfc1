package io.healer.core.engine;

import io.healer.api.API;
import io.healer.api.embedding.CycleSummary;
import io.healer.api.embedding.HealerEvent;
import io.healer.api.embedding.HealerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every decision with the node, the check, the action and the reason; cycle summaries at
 * debug, or at info when something was held back or repaired.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class LoggingListener implements HealerListener {

  private static final Logger log = LoggerFactory.getLogger("io.healer.decisions");

  @Override
  public void onEvent(HealerEvent event) {
    String line = "{} node={} role={}{}{} {}";
    Object[] args = {
      event.type().reason(),
      event.nodeName(),
      event.role().configName(),
      event.check().map(c -> " check=" + c).orElse(""),
      event.action().map(a -> " action=" + a.name().toLowerCase(java.util.Locale.ROOT)).orElse(""),
      event.message()
    };
    switch (event.type()) {
      case REPAIR_FAILED, REPAIR_GIVEN_UP -> log.warn(line, args);
      default -> log.info(line, args);
    }
  }

  @Override
  public void onCycle(CycleSummary s) {
    if (s.repairsRequested() > 0 || !s.skippedBecause().isEmpty()) {
      log.info("cycle: {} nodes, {} unhealthy masters, {} unhealthy workers, {} unknown verdicts, {} repairs{}",
          s.nodes(), s.unhealthyMasters(), s.unhealthyWorkers(), s.unknownVerdicts(), s.repairsRequested(),
          s.skippedBecause().isEmpty() ? "" : ", held back: " + s.skippedBecause());
    } else {
      log.debug("cycle: {} nodes, {} unhealthy masters, {} unhealthy workers, {} unknown verdicts",
          s.nodes(), s.unhealthyMasters(), s.unhealthyWorkers(), s.unknownVerdicts());
    }
  }
}
