package io.healer.api.check;

import io.healer.api.API;
import java.util.Objects;
import java.util.Optional;

/**
 * Which of a role's configured checks this is: its position in the role's list
 * ({@code healthcheck.master} or {@code healthcheck.worker}), its type, and the optional {@code
 * name} the operator gave it. Two checks of one type on one role (two {@code Endpoint} checks, one
 * for the kubelet and one for the API server) are two checks, each with its own verdicts, its own
 * unhealthy-duration clock and its own record.
 *
 * <p>{@link #display()} is how the check is shown in events, logs, metrics and {@code healer check}:
 * its name when it has one; else its type when it is the only check of that type on the role (as
 * before checks had identities, so one {@code NodeCondition} check is still shown as {@code
 * NodeCondition}); else its type and position, such as {@code Endpoint#2}. The engine makes the
 * display forms of one role's checks unique, so the display form also keys the check's record.
 *
 * <p>Instances are immutable and thread-safe; equal when all their parts are.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CheckId {

  private final int position;
  private final String type;
  private final String name;
  private final String display;

  private CheckId(int position, String type, String name, boolean typeRepeated) {
    this.position = position;
    this.type = type;
    this.name = name;
    this.display = name != null ? name : typeRepeated ? type + "#" + position : type;
  }

  /**
   * The identity of one check of a role.
   *
   * @param position where the check stands in the role's list, counting from 1
   * @param type the check's type, such as {@code Endpoint}; not blank
   * @param name the name the operator gave it, or {@code null} for none; not blank
   * @param typeRepeated whether the role has another check of the same type, so that the type alone
   *     does not tell them apart
   * @return the identity
   * @throws IllegalArgumentException if the position is below 1, or the type or name is blank
   */
  public static CheckId of(int position, String type, String name, boolean typeRepeated) {
    if (position < 1) {
      throw new IllegalArgumentException("a check's position counts from 1, was " + position);
    }
    if (Objects.requireNonNull(type, "type").isBlank()) {
      throw new IllegalArgumentException("a check's type must not be blank");
    }
    if (name != null && name.isBlank()) {
      throw new IllegalArgumentException("a check's name must not be blank");
    }
    return new CheckId(position, type, name, typeRepeated);
  }

  /**
   * Where the check stands in its role's list, counting from 1.
   *
   * @return the position, 1 or more
   */
  public int position() {
    return position;
  }

  /**
   * The check's type, such as {@code Endpoint}.
   *
   * @return the type, never blank
   */
  public String type() {
    return type;
  }

  /**
   * The name the operator gave the check ({@code params.name}), if any.
   *
   * @return the name, never blank; or empty if the operator gave none
   */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /**
   * How the check is shown: its name, else its type, else its type and position ({@code Endpoint#2}).
   *
   * @return the display text, never blank
   */
  public String display() {
    return display;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CheckId other && position == other.position && type.equals(other.type)
        && Objects.equals(name, other.name) && display.equals(other.display);
  }

  @Override
  public int hashCode() {
    return Objects.hash(position, type, name, display);
  }

  /** The display form. */
  @Override
  public String toString() {
    return display;
  }
}
