package io.healer.kubernetes;

import io.healer.api.NodeInfo;
import io.healer.api.cloud.RepairAction;
import io.healer.core.engine.RepairHooks;
import java.time.Instant;
import java.util.List;

/**
 * Several {@link RepairHooks} as one, in order: a repair is ready when every hook says so (the
 * first "not yet" wins, and the hooks after it are not asked; a drain that left pods is kept), and
 * {@code started} and {@code recovered} reach every hook; {@code fence} is ready when one hook
 * added the taint. One hook that throws does not keep the others from being told.
 */
final class ChainedRepairHooks implements RepairHooks {

  private final List<RepairHooks> hooks;

  ChainedRepairHooks(List<RepairHooks> hooks) {
    this.hooks = List.copyOf(hooks);
  }

  @Override
  public Readiness prepare(NodeInfo node, RepairAction action, Instant now) {
    Readiness undrained = null;
    for (RepairHooks h : hooks) {
      Readiness r = h.prepare(node, action, now);
      if (r == null || !r.isReady()) {
        return r;
      }
      if (!r.drained() && undrained == null) {
        undrained = r;
      }
    }
    return undrained == null ? Readiness.ready() : undrained;
  }

  /** Ready when one hook added the taint (the others cannot); else the last hook's reason. */
  @Override
  public Readiness fence(NodeInfo node, Instant now) {
    Readiness last = Readiness.notYet("no hook can mark nodes out of service");
    for (RepairHooks h : hooks) {
      Readiness r = h.fence(node, now);
      if (r != null && r.isReady()) {
        return r;
      }
      if (r != null && !r.reason().equals(FENCE_DEFAULT)) {
        last = r;
      }
    }
    return last;
  }

  private static final String FENCE_DEFAULT = RepairHooks.NONE.fence(null, null).reason();

  @Override
  public void started(NodeInfo node, RepairAction action, Instant now) {
    each(h -> h.started(node, action, now));
  }

  @Override
  public void recovered(NodeInfo node, Instant now) {
    each(h -> h.recovered(node, now));
  }

  private void each(java.util.function.Consumer<RepairHooks> call) {
    RuntimeException first = null;
    for (RepairHooks h : hooks) {
      try {
        call.accept(h);
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
