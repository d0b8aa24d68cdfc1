package io.healer.provider.magnum.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The provider's JSON through Gson: the same values as before, and limits the old codec lacked. */
class JsonTest {

  @Test
  void readsObjectsInOrderWithLongsAndDoubles() {
    Map<String, Object> m = Json.object("{\"b\": 1, \"a\": [true, null, 2.5, \"x\"], \"big\": 12345678901}");
    assertThat(m.keySet()).containsExactly("b", "a", "big");
    assertThat(m.get("b")).isEqualTo(1L);
    assertThat(m.get("big")).isEqualTo(12345678901L);
    assertThat(m.get("a")).isEqualTo(java.util.Arrays.asList(true, null, 2.5, "x"));
  }

  @Test
  void anEmptyBodyIsAnEmptyObject() {
    assertThat(Json.object("")).isEmpty();
    assertThat(Json.object("  \n")).isEmpty();
  }

  @Test
  void writesNullsAndNoHtmlEscapes() {
    // Nova's {"os-stop": null}; a health reason with <, > and ' goes to Magnum as plain text.
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("os-stop", null);
    assertThat(Json.write(body)).isEqualTo("{\"os-stop\":null}");
    assertThat(Json.write(Map.of("r", "a <b> 'c' & \"d\"\n"))).isEqualTo("{\"r\":\"a <b> 'c' & \\\"d\\\"\\n\"}");
    assertThat(Json.write(List.of(Map.of("node_count", 3)))).isEqualTo("[{\"node_count\":3}]");
  }

  @Test
  void aDeepDocumentIsRefusedWithTheLimitNotAStackOverflow() {
    // The old recursive reader overflowed the stack at a few thousand levels.
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertThatThrownBy(() -> Json.parse(deep)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deeper than " + Json.MAX_DEPTH + " levels");
    String withinLimit = "{\"a\":".repeat(Json.MAX_DEPTH) + "1" + "}".repeat(Json.MAX_DEPTH);
    assertThatCode(() -> Json.parse(withinLimit)).doesNotThrowAnyException();
  }

  @Test
  void aCutOffBodySaysItEndsEarlyAndWhere() {
    assertThatThrownBy(() -> Json.object("{\"cluster\": {\"status\": \"CREATE_COMP"))
        .hasMessageContaining("ends early").hasMessageContaining("$.cluster.status");
    assertThatThrownBy(() -> Json.object("{\"nodegroups\": [{\"name\": \"a\"},"))
        .hasMessageContaining("ends early").hasMessageContaining("$.nodegroups");
  }

  @Test
  void htmlTrailingTextAndNonObjectsAreRefusedWithoutShowingContent() {
    assertThatThrownBy(() -> Json.object("<html><body>502 Bad Gateway</body></html>"))
        .hasMessageStartingWith("malformed at line 1 column").hasMessageNotContaining("Bad Gateway");
    assertThatThrownBy(() -> Json.object("{\"a\": 1} {\"token\": \"s3cret\"}"))
        .hasMessageContaining("malformed").hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> Json.object("[1, 2]")).hasMessage("it is a JSON array, not an object");
    // Lenient Gson would take an unquoted word as a string.
    assertThatThrownBy(() -> Json.object("{status: ok}")).hasMessageContaining("malformed");
  }
}
