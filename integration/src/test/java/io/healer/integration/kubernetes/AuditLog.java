package io.healer.integration.kubernetes;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/** The requests the API server itself saw, from its audit log: one entry per answered request. */
public final class AuditLog {

  /** One answered request: the verb, the resource and name it was on, and the answer's code. */
  public record Entry(String verb, String resource, String name, int code) {}

  private final RealKubernetes cluster;

  public AuditLog(RealKubernetes cluster) {
    this.cluster = cluster;
  }

  /** Every answered request on one object, in the order the server logged them. */
  public List<Entry> on(String resource, String name) {
    try (var lines = Files.lines(cluster.auditLog())) {
      return lines.filter(l -> l.contains("\"" + name + "\"")).map(l -> JsonParser.parseString(l).getAsJsonObject())
          .filter(e -> e.has("objectRef") && e.has("responseStatus")).map(AuditLog::entry)
          .filter(e -> e.resource().equals(resource) && name.equals(e.name())).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Entry entry(JsonObject e) {
    JsonObject ref = e.getAsJsonObject("objectRef");
    return new Entry(e.get("verb").getAsString(), ref.has("resource") ? ref.get("resource").getAsString() : "",
        ref.has("name") ? ref.get("name").getAsString() : null, e.getAsJsonObject("responseStatus").get("code").getAsInt());
  }
}
