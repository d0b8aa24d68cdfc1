package io.healer.provider.magnum.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.Strictness;
import com.google.gson.ToNumberPolicy;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;

/**
 * JSON of the provider's calls, through Gson, over plain Java values: objects are {@code
 * Map<String, Object>} (insertion-ordered), arrays {@code List<Object>}, numbers {@code Long} or
 * {@code Double}, plus {@code String}, {@code Boolean} and {@code null}.
 *
 * <p>Reading is strict RFC 8259 JSON, one value per body, nested at most {@link #MAX_DEPTH} deep
 * (Gson's own {@code JsonReader} nesting limit): a broken endpoint's answer is a clear error, never
 * a {@code StackOverflowError}. The size of a body is bounded while it is received ({@link
 * BoundedBody}).
 */
public final class Json {

  /** The deepest nesting read; OpenStack's answers go about 6 deep (a token's catalog endpoints). */
  public static final int MAX_DEPTH = 64;

  // Nulls are written ({"os-stop": null} is Nova's action), and no HTML escaping: a health reason
  // goes to Magnum as JSON text inside a string, which Magnum reads back as a Python literal.
  private static final Gson GSON = new GsonBuilder()
      .serializeNulls()
      .disableHtmlEscaping()
      .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
      .create();
  private static final TypeAdapter<Object> VALUES = GSON.getAdapter(Object.class);

  private Json() {}

  /**
   * Parses one JSON document.
   *
   * @param text the document, exactly one value with optional white space around it
   * @return the value as plain Java values (see above); {@code null} for the document {@code null}
   * @throws IllegalArgumentException if it is not JSON or nests deeper than {@link #MAX_DEPTH};
   *     the message says why and where (line, column, path of keys) but shows no content, as a
   *     body may hold a token
   */
  public static Object parse(String text) {
    JsonReader reader = new JsonReader(new StringReader(text));
    // Not Gson.fromJson: it would switch a default reader to lenient and accept trailing text.
    reader.setStrictness(Strictness.STRICT);
    reader.setNestingLimit(MAX_DEPTH);
    try {
      Object value = VALUES.read(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new MalformedJsonException("more than one value");
      }
      return value;
    } catch (EOFException e) {
      throw new IllegalArgumentException("it ends early (cut off?) at " + where(reader));
    } catch (MalformedJsonException e) {
      // Gson says "Unterminated string" only when the input ends inside one.
      String message = e.getMessage() == null ? "" : e.getMessage();
      String why = message.startsWith("Nesting limit") ? "it nests deeper than " + MAX_DEPTH + " levels"
          : message.startsWith("Unterminated") ? "it ends early (cut off?)" : "malformed";
      throw new IllegalArgumentException(why + " at " + where(reader));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("malformed at " + where(reader));
    }
  }

  /**
   * Parses a JSON object; an empty body gives an empty map.
   *
   * @param text the body; {@code null} or blank for none
   * @return the object, its keys in the document's order; an empty unmodifiable map for no body
   * @throws IllegalArgumentException if it is not JSON (see {@link #parse}) or not an object
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(String text) {
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    Object v = parse(text);
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalArgumentException("it is a JSON " + kind(v) + ", not an object");
  }

  /**
   * Writes maps, collections, strings, numbers, booleans and nulls as compact JSON.
   *
   * @param value the value to write; {@code null} writes {@code null}
   * @return one line of JSON, nulls in maps kept and no HTML escaping
   */
  public static String write(Object value) {
    return GSON.toJson(value);
  }

  private static String where(JsonReader reader) {
    // JsonReader.toString() is "JsonReader at line L column C path P": names of keys, no values;
    // the path of a deep document is long, and its start says enough.
    String at = reader.toString().replaceFirst("^JsonReader at ", "");
    return at.length() > 120 ? at.substring(0, 120) + "..." : at;
  }

  private static String kind(Object v) {
    if (v == null) {
      return "null";
    }
    return v instanceof java.util.List<?> ? "array" : v instanceof String ? "string" : "scalar";
  }
}
