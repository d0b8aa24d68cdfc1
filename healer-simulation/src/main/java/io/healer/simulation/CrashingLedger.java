package io.healer.simulation;

import io.healer.core.engine.NodeRecord;
import io.healer.core.engine.RepairLedger;
import io.healer.core.engine.RepairStep;
import java.time.Clock;
import java.util.Map;

/**
 * One instance's door to the shared ledger (the node annotations every instance reads). Armed
 * with {@link Disturbance.CrashPoint#AFTER_RECORD}, it lets the instance die right after it
 * recorded a repair step and before it called the cloud.
 */
final class CrashingLedger implements RepairLedger {

  private final RepairLedger shared;
  private final Instance instance;
  private final Clock clock;
  private final Referee referee;

  CrashingLedger(RepairLedger shared, Instance instance, Clock clock, Referee referee) {
    this.shared = shared;
    this.instance = instance;
    this.clock = clock;
    this.referee = referee;
  }

  @Override
  public Map<String, NodeRecord> load() {
    return shared.load();
  }

  @Override
  public void save(String nodeName, NodeRecord record) {
    shared.save(nodeName, record);
    RepairStep step = record.lastStep();
    if (instance.armed == Disturbance.CrashPoint.AFTER_RECORD && step != null
        && step.state() == RepairStep.State.REQUESTED && step.at().equals(clock.instant())) {
      referee.recordedBeforeACrash(instance, nodeName, step.action(), clock.instant());
      throw new HealerCrashed("after recording the " + step.action() + " of " + nodeName);
    }
  }

  @Override
  public void remove(String nodeName) {
    shared.remove(nodeName);
  }
}
