package io.healer.daemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A strict little JSON reader, so tests can prove that output parses without a JSON library. */
final class TestJson {

  private final String s;
  private int i;

  private TestJson(String s) {
    this.s = s;
  }

  /** The document's value; throws {@link IllegalArgumentException} on anything that is not JSON. */
  static Object parse(String text) {
    TestJson p = new TestJson(text.strip());
    Object value = p.value();
    if (p.i != p.s.length()) {
      throw new IllegalArgumentException("trailing text at " + p.i + ": " + text);
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String text) {
    return (Map<String, Object>) parse(text);
  }

  private Object value() {
    skip();
    char c = peek();
    Object v;
    if (c == '{') {
      v = obj();
    } else if (c == '[') {
      v = arr();
    } else if (c == '"') {
      v = str();
    } else if (s.startsWith("true", i)) {
      i += 4;
      v = true;
    } else if (s.startsWith("false", i)) {
      i += 5;
      v = false;
    } else if (s.startsWith("null", i)) {
      i += 4;
      v = null;
    } else {
      int start = i;
      while (i < s.length() && "-+.eE0123456789".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      if (start == i) {
        throw new IllegalArgumentException("unexpected '" + c + "' at " + i);
      }
      v = Double.parseDouble(s.substring(start, i));
    }
    skip();
    return v;
  }

  private Map<String, Object> obj() {
    Map<String, Object> map = new LinkedHashMap<>();
    i++;
    skip();
    if (peek() == '}') {
      i++;
      return map;
    }
    while (true) {
      skip();
      String key = str();
      skip();
      expect(':');
      map.put(key, value());
      if (peek() == ',') {
        i++;
      } else {
        expect('}');
        return map;
      }
    }
  }

  private List<Object> arr() {
    List<Object> list = new ArrayList<>();
    i++;
    skip();
    if (peek() == ']') {
      i++;
      return list;
    }
    while (true) {
      list.add(value());
      if (peek() == ',') {
        i++;
      } else {
        expect(']');
        return list;
      }
    }
  }

  private String str() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = s.charAt(i++);
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        throw new IllegalArgumentException("control character in a string at " + i);
      }
      if (c == '\\') {
        char e = s.charAt(i++);
        switch (e) {
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'u' -> {
            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          case '"', '\\', '/' -> b.append(e);
          default -> throw new IllegalArgumentException("bad escape at " + i);
        }
      } else {
        b.append(c);
      }
    }
  }

  private void expect(char c) {
    if (peek() != c) {
      throw new IllegalArgumentException("expected '" + c + "' at " + i + " in " + s);
    }
    i++;
  }

  private char peek() {
    if (i >= s.length()) {
      throw new IllegalArgumentException("unexpected end");
    }
    return s.charAt(i);
  }

  private void skip() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }
}
