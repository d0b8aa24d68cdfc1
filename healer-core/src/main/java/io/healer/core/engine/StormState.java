package io.healer.core.engine;

import io.healer.api.API;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the storm guard remembers: calm, a storm under way since an instant, or a cool-down that
 * counts from the instant the last storm ended. Kept in a {@link StormStateStore} so that a
 * restarted process or a new leader cannot shorten a cool-down it did not see start.
 *
 * <p>At most one of {@link #stormSince()} and {@link #stormEndedAt()} is present.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class StormState {

  private static final StormState CALM = new StormState(null, null);

  private final Instant stormSince;
  private final Instant stormEndedAt;

  private StormState(Instant stormSince, Instant stormEndedAt) {
    this.stormSince = stormSince;
    this.stormEndedAt = stormEndedAt;
  }

  /**
   * No storm, and no cool-down.
   *
   * @return the shared calm state
   */
  public static StormState calm() {
    return CALM;
  }

  /**
   * More nodes of some role are unhealthy than {@code max-unhealthy} allows.
   *
   * @param since when the guard first saw it
   * @return a storm state
   */
  public static StormState storming(Instant since) {
    return new StormState(Objects.requireNonNull(since, "since"), null);
  }

  /**
   * The last storm ended; repairs wait {@code storm-cooldown} from then.
   *
   * @param endedAt the first calm cycle after the storm
   * @return a cool-down state
   */
  public static StormState coolingDown(Instant endedAt) {
    return new StormState(null, Objects.requireNonNull(endedAt, "endedAt"));
  }

  /**
   * When the storm under way began, if one is.
   *
   * @return the start of the storm, or empty when calm or cooling down
   */
  public Optional<Instant> stormSince() {
    return Optional.ofNullable(stormSince);
  }

  /**
   * When the last storm ended, if the guard is cooling down after it.
   *
   * @return the end of the last storm, or empty when calm or storming
   */
  public Optional<Instant> stormEndedAt() {
    return Optional.ofNullable(stormEndedAt);
  }

  /**
   * Whether this is {@link #calm()}.
   *
   * @return {@code true} if neither a storm nor a cool-down is under way
   */
  public boolean isCalm() {
    return stormSince == null && stormEndedAt == null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StormState s && Objects.equals(stormSince, s.stormSince)
        && Objects.equals(stormEndedAt, s.stormEndedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(stormSince, stormEndedAt);
  }

  @Override
  public String toString() {
    return stormSince != null ? "storming since " + stormSince
        : stormEndedAt != null ? "cooling down after a storm that ended at " + stormEndedAt : "calm";
  }
}
