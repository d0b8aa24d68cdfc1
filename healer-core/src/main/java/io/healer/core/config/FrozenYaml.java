package io.healer.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes what SnakeYAML built deeply unmodifiable, so the {@link io.healer.api.config.Settings}
 * handed to plugins cannot be changed under another thread's feet.
 *
 * <p>A collection reached through several aliases is copied once and stays shared, so an alias-heavy
 * document is not blown up into a large tree. A collection that contains itself (an anchor used
 * inside its own value) is refused, as Go's YAML reader refuses it.
 */
final class FrozenYaml {

  /** Thrown for a value that contains itself. */
  static final class SelfContainingValueException extends RuntimeException {
    SelfContainingValueException() {
      super("a YAML value contains itself");
    }
  }

  private final Map<Object, Object> frozen = new IdentityHashMap<>();
  private final Set<Object> enclosing = Collections.newSetFromMap(new IdentityHashMap<>());

  private FrozenYaml() {}

  /**
   * @param value a value built by SnakeYAML's safe constructor
   * @return an unmodifiable copy (scalars are returned as they are)
   * @throws SelfContainingValueException if a list or map contains itself
   */
  static Object freeze(Object value) {
    return new FrozenYaml().copy(value);
  }

  private Object copy(Object value) {
    if (!(value instanceof Map) && !(value instanceof List)) {
      return value;
    }
    Object done = frozen.get(value);
    if (done != null) {
      return done;
    }
    if (!enclosing.add(value)) {
      throw new SelfContainingValueException();
    }
    Object copy;
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> entries = new LinkedHashMap<>();
      map.forEach((k, v) -> entries.put(k, copy(v)));
      copy = Collections.unmodifiableMap(entries);
    } else {
      List<Object> elements = new ArrayList<>();
      for (Object e : (List<?>) value) {
        elements.add(copy(e));
      }
      copy = Collections.unmodifiableList(elements);
    }
    enclosing.remove(value);
    frozen.put(value, copy);
    return copy;
  }
}
