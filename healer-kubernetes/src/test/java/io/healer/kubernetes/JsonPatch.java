package io.healer.kubernetes;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** The RFC 6902 operations the fake API server needs on objects: add, replace, remove, test. */
final class JsonPatch {

  private JsonPatch() {}

  /**
   * Applies one operation in place.
   *
   * @return {@code null} on success, else why it failed
   */
  static String apply(JsonObject target, JsonObject op) {
    String kind = op.get("op").getAsString();
    String[] path = op.get("path").getAsString().substring(1).split("/");
    JsonObject parent = target;
    for (int i = 0; i < path.length - 1; i++) {
      JsonElement next = parent.get(unescape(path[i]));
      if (next == null || !next.isJsonObject()) {
        return "path " + op.get("path").getAsString() + " does not exist";
      }
      parent = next.getAsJsonObject();
    }
    String last = unescape(path[path.length - 1]);
    switch (kind) {
      case "add" -> parent.add(last, op.get("value"));
      case "replace" -> {
        if (!parent.has(last)) {
          return "replace of missing " + op.get("path").getAsString();
        }
        parent.add(last, op.get("value"));
      }
      case "remove" -> {
        if (parent.remove(last) == null) {
          return "remove of missing " + op.get("path").getAsString();
        }
      }
      case "test" -> {
        if (!op.get("value").equals(parent.get(last))) {
          return "testing value " + op.get("path").getAsString() + " failed";
        }
      }
      default -> {
        return "unsupported op " + kind;
      }
    }
    return null;
  }

  private static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }
}
