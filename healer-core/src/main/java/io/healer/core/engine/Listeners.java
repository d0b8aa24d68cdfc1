package io.healer.core.engine;

import io.healer.api.embedding.CycleSummary;
import io.healer.api.embedding.HealerEvent;
import io.healer.api.embedding.HealerListener;
import io.healer.api.NodeInfo;
import io.healer.api.Verdict;
import io.healer.api.check.CheckId;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans out to several listeners; one that throws is logged and does not stop the others. */
final class Listeners implements HealerListener {

  private static final Logger log = LoggerFactory.getLogger(Listeners.class);

  private final List<HealerListener> listeners;

  Listeners(List<HealerListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void onEvent(HealerEvent event) {
    for (HealerListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        log.warn("listener {} failed on event {}", l.getClass().getName(), event.type(), e);
      }
    }
  }

  @Override
  public void onVerdict(NodeInfo node, CheckId check, Verdict verdict) {
    for (HealerListener l : listeners) {
      try {
        l.onVerdict(node, check, verdict);
      } catch (RuntimeException e) {
        log.warn("listener {} failed on a verdict", l.getClass().getName(), e);
      }
    }
  }

  @Override
  public void onCycle(CycleSummary summary) {
    for (HealerListener l : listeners) {
      try {
        l.onCycle(summary);
      } catch (RuntimeException e) {
        log.warn("listener {} failed on a cycle summary", l.getClass().getName(), e);
      }
    }
  }
}
