package io.healer.core.engine;

import static io.healer.api.embedding.HealerEvent.Type.REPAIR_SKIPPED;
import static io.healer.api.embedding.HealerEvent.Type.REPAIR_STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.embedding.HealerEvent;
import io.healer.api.embedding.HealerListener;
import io.healer.api.NodeInfo;
import io.healer.api.NodeRole;
import io.healer.api.cloud.PowerState;
import io.healer.api.cloud.RepairAction;
import io.healer.core.config.HealerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Fencing before a worker whose drain left pods is replaced (issue #16 item 1)")
class FencingTest {

  /** Drain hooks that leave pods behind (or not) and a taint that is recorded, with the cloud's view of power beside it. */
  private static final class RecordingHooks implements RepairHooks {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile boolean podsLeft = true;
    volatile boolean taintFails;
    private final io.healer.fakes.FakeCloud cloud;

    RecordingHooks(io.healer.fakes.FakeCloud cloud) {
      this.cloud = cloud;
    }

    @Override
    public Readiness prepare(NodeInfo node, RepairAction action, Instant now) {
      return podsLeft ? Readiness.readyWithPodsLeft("2 pods left") : Readiness.ready();
    }

    @Override
    public Readiness fence(NodeInfo node, Instant now) {
      if (taintFails) {
        return Readiness.notYet("the API server answered 500");
      }
      // The invariant, checked at the moment of the taint: the cloud must say the server is off.
      PowerState seen = cloud.powerState(node);
      calls.add("taint " + node.name() + " while " + seen.status());
      return Readiness.ready();
    }

    @Override
    public void started(NodeInfo node, RepairAction action, Instant now) {
      calls.add("started " + node.name() + " " + action);
    }

    @Override
    public void recovered(NodeInfo node, Instant now) {
      calls.add("recovered " + node.name());
    }
  }

  private static EngineFixture fixture(RecordingHooksHolder holder, UnaryOperator<HealerConfig.Builder> configure) {
    EngineFixture f = new EngineFixture(configure).workers(3);
    f.cloud.supportedActions(NodeRole.WORKER, EnumSet.of(RepairAction.REPLACE));
    holder.hooks = new RecordingHooks(f.cloud);
    f.engine = HealingEngine.builder(f.config).checks(f.checks).nodeSource(f.cluster).cloudProvider(f.cloud)
        .clock(f.clock).ledger(f.ledger).executor(Runnable::run).hooks(holder.hooks)
        .listener(new HealerListener() {
          @Override
          public void onEvent(HealerEvent event) {
            f.events.add(event);
          }
        }).build();
    return f;
  }

  private static final class RecordingHooksHolder {
    RecordingHooks hooks;
  }

  private static List<String> messages(EngineFixture f, HealerEvent.Type type) {
    return f.events(type, "worker-1").stream().map(HealerEvent::message).toList();
  }

  @Test
  void powersARunningServerOffAndTaintsItOnlyOnceTheCloudReportsItOff() {
    RecordingHooksHolder h = new RecordingHooksHolder();
    EngineFixture f = fixture(h, c -> c);
    f.cloud.powerOffTime(Duration.ofSeconds(90));
    f.cluster.killKubelet("worker-1");

    // Candidate after 5 minutes: the first cycle that wants to replace it finds the server ACTIVE.
    f.runFor(Duration.ofMinutes(5));
    assertThat(f.cloud.powerOffs()).containsExactly("worker-1");
    assertThat(f.cloud.repairs()).isEmpty();
    assertThat(h.hooks.calls).noneMatch(c -> c.startsWith("taint"));
    assertThat(messages(f, REPAIR_SKIPPED)).last().asString()
        .contains("fencing before the replace (2 pods left)")
        .contains("asked it to power the server off").contains("not tainted");

    // Powering off takes 90 s: the next cycle still sees ACTIVE and waits, the one after sees SHUTOFF.
    f.runFor(Duration.ofMinutes(2));
    assertThat(f.cloud.powerOffs()).as("one power-off per fencing").containsExactly("worker-1");
    assertThat(h.hooks.calls).containsSubsequence("taint worker-1 while OFF", "started worker-1 REPLACE");
    assertThat(h.hooks.calls).noneMatch(c -> c.startsWith("taint") && !c.endsWith("OFF"));
    assertThat(messages(f, REPAIR_STARTED)).singleElement().asString()
        .contains("fenced: the cloud reports the server SHUTOFF, tainted " + Fencing.TAINT);
  }

  @Test
  void taintsAServerTheCloudAlreadyReportsOffWithoutPoweringItOff() {
    RecordingHooksHolder h = new RecordingHooksHolder();
    EngineFixture f = fixture(h, c -> c);
    f.cloud.powerState("worker-1", PowerState.off("SHUTOFF"));
    f.cluster.killKubelet("worker-1");

    f.runFor(Duration.ofMinutes(5));

    assertThat(f.cloud.powerOffs()).isEmpty();
    assertThat(h.hooks.calls).containsExactly("taint worker-1 while OFF", "started worker-1 REPLACE");
  }

  @Test
  void neverTaintsAServerTheCloudStillReportsRunningAndRepairsItUntaintedAfterTheFenceTimeout() {
    RecordingHooksHolder h = new RecordingHooksHolder();
    EngineFixture f = fixture(h, c -> c.fenceTimeout(Duration.ofMinutes(3)));
    f.cloud.powerOffTime(Duration.ofHours(1));
    f.cluster.killKubelet("worker-1");

    f.runFor(Duration.ofMinutes(7));
    assertThat(f.cloud.repairs()).isEmpty();
    assertThat(messages(f, REPAIR_SKIPPED)).last().asString().contains("the cloud still reports the server ACTIVE");

    f.runFor(Duration.ofMinutes(2));
    assertThat(h.hooks.calls).noneMatch(c -> c.startsWith("taint"));
    assertThat(h.hooks.calls).contains("started worker-1 REPLACE");
    assertThat(messages(f, REPAIR_STARTED)).singleElement().asString()
        .contains("not fenced: the cloud still reports the server ACTIVE at the end of fence-timeout")
        .contains("without the out-of-service taint");
  }

  @Test
  void doesNothingWhenThePowerStateCannotBeReadAndSaysWhy() {
    RecordingHooksHolder h = new RecordingHooksHolder();
    EngineFixture f = fixture(h, c -> c);
    f.cloud.failPowerCalls("Nova answered 503");
    f.cluster.killKubelet("worker-1");

    f.runFor(Duration.ofMinutes(8));

    assertThat(f.cloud.powerReads()).contains("worker-1");
    assertThat(f.cloud.powerOffs()).isEmpty();
    assertThat(h.hooks.calls).noneMatch(c -> c.startsWith("taint"));
    assertThat(f.cloud.repairs()).isEmpty();
    assertThat(messages(f, REPAIR_SKIPPED)).last().asString()
        .contains("its power state could not be read (Nova answered 503)").contains("not tainted");

    // The cloud answers again: the server was off all along.
    f.cloud.failPowerCalls(null).powerState("worker-1", PowerState.off("SHUTOFF"));
    f.runFor(Duration.ofMinutes(1));
    assertThat(h.hooks.calls).containsSubsequence("taint worker-1 while OFF", "started worker-1 REPLACE");
  }

  @Test
  void waitsWhenTheTaintCannotBeWrittenAndGoesOnUntaintedAtTheDeadline() {
    RecordingHooksHolder h = new RecordingHooksHolder();
    EngineFixture f = fixture(h, c -> c.fenceTimeout(Duration.ofMinutes(2)));
    f.cloud.powerState("worker-1", PowerState.off("SHUTOFF"));
    h.hooks.taintFails = true;
    f.cluster.killKubelet("worker-1");

    f.runFor(Duration.ofMinutes(6));
    assertThat(f.cloud.repairs()).isEmpty();
    assertThat(messages(f, REPAIR_SKIPPED)).last().asString()
        .contains("the taint could not be added: the API server answered 500");

    f.runFor(Duration.ofMinutes(2));
    assertThat(messages(f, REPAIR_STARTED)).singleElement().asString().contains("not fenced");
  }

  @Test
  void leavesDrainedNodesRebootsAndMastersAlone() {
    RecordingHooksHolder h = new RecordingHooksHolder();
    EngineFixture f = fixture(h, c -> c);
    h.hooks.podsLeft = false;
    f.cluster.killKubelet("worker-1");
    f.runFor(Duration.ofMinutes(6));
    assertThat(f.cloud.powerReads()).isEmpty();
    assertThat(h.hooks.calls).contains("started worker-1 REPLACE");

    RecordingHooksHolder r = new RecordingHooksHolder();
    EngineFixture reboots = fixture(r, c -> c);
    reboots.cloud.supportedActions(NodeRole.WORKER, EnumSet.of(RepairAction.REBOOT));
    reboots.cluster.killKubelet("worker-1");
    reboots.runFor(Duration.ofMinutes(6));
    assertThat(reboots.cloud.powerReads()).isEmpty();
    assertThat(r.hooks.calls).contains("started worker-1 REBOOT");
  }

  @Test
  void isOffWhenTheConfigSaysSo() {
    RecordingHooksHolder h = new RecordingHooksHolder();
    EngineFixture f = fixture(h, c -> c.fenceBeforeRebuild(false));
    f.cluster.killKubelet("worker-1");

    f.runFor(Duration.ofMinutes(6));

    assertThat(f.cloud.powerReads()).isEmpty();
    assertThat(h.hooks.calls).containsExactly("started worker-1 REPLACE");
  }

  @Test
  void isOnByDefaultWithAFiveMinuteDeadline() {
    HealerConfig config = HealerConfig.builder("c").build();
    assertThat(config.fenceBeforeRebuild()).isTrue();
    assertThat(config.fenceTimeout()).isEqualTo(Duration.ofMinutes(5));
  }
}
