package io.healer.core.config;

import io.healer.api.API;
import io.healer.api.check.CheckId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The identities of one role's checks, and the rule for the optional {@code name} param that keeps
 * their display forms ({@link CheckId#display()}) unique within the role.
 *
 * <p>A name is allowed when it is {@value #ALLOWED}. Without {@code '#'} and without being a type,
 * a name can never look like a check shown by its type ({@code Endpoint}) or by its type and
 * position ({@code Endpoint#2}); a record written under a type (as versions before check identities
 * wrote them) therefore always means a check of that type.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class CheckNames {

  /** What a check's name may be. */
  public static final String ALLOWED =
      "a non-empty string without '#', unique among the role's checks and not the type of one of them";

  private CheckNames() {}

  /**
   * Gives each of a role's checks its identity, in list order.
   *
   * @param types the checks' types, in list order
   * @param names their names, {@code null} where a check has none; as many as types
   * @return the identities, positions counting from 1
   * @throws IllegalArgumentException naming the first check whose name breaks the rule
   */
  public static List<CheckId> identities(List<String> types, List<String> names) {
    List<Optional<String>> problems = problems(types, names);
    for (int i = 0; i < problems.size(); i++) {
      if (problems.get(i).isPresent()) {
        throw new IllegalArgumentException("check " + (i + 1) + " (" + types.get(i) + ") is named '"
            + names.get(i) + "', " + problems.get(i).get() + "; allowed: " + ALLOWED);
      }
    }
    Map<String, Integer> perType = new HashMap<>();
    types.forEach(t -> perType.merge(t, 1, Integer::sum));
    List<CheckId> ids = new ArrayList<>(types.size());
    for (int i = 0; i < types.size(); i++) {
      ids.add(CheckId.of(i + 1, types.get(i), names.get(i), perType.get(types.get(i)) > 1));
    }
    return List.copyOf(ids);
  }

  /**
   * {@link #identities} of a role's configured checks.
   *
   * @param checks the role's checks in config order, not {@code null}
   * @return one identity per check, in the same order, unmodifiable
   * @throws IllegalArgumentException if a check's name is not allowed
   */
  public static List<CheckId> identities(List<CheckConfig> checks) {
    return identities(checks.stream().map(CheckConfig::type).toList(),
        checks.stream().map(CheckConfig::name).toList());
  }

  /**
   * What is wrong with each check's name, in list order: empty for a check without a name or with
   * an allowed one, else why not, such as {@code "which has a '#'"}.
   *
   * @param types the checks' types, in list order
   * @param names their names, {@code null} where a check has none; as many as types
   * @return one entry per check, unmodifiable
   * @throws IllegalArgumentException if the lists differ in size
   */
  public static List<Optional<String>> problems(List<String> types, List<String> names) {
    if (types.size() != names.size()) {
      throw new IllegalArgumentException(types.size() + " types but " + names.size() + " names");
    }
    Set<String> typeSet = new HashSet<>(types);
    Set<String> seen = new HashSet<>();
    List<Optional<String>> problems = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String problem = null;
      if (name == null) {
        // No name: the check is shown by its type, or by its type and position.
      } else if (name.isBlank()) {
        problem = "which is blank";
      } else if (name.indexOf('#') >= 0) {
        problem = "which has a '#'";
      } else if (typeSet.contains(name)) {
        problem = "which is the type of a check of the role";
      } else if (!seen.add(name)) {
        problem = "which an earlier check of the role has too";
      }
      problems.add(Optional.ofNullable(problem));
    }
    return List.copyOf(problems);
  }
}
