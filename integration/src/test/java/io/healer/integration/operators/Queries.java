package io.healer.integration.operators;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL of the chart's alerts and dashboard, and the metric names each expression reads: what
 * remains of an expression once its strings, label matchers, ranges, label lists ({@code by (...)},
 * {@code on (...)}...), functions and keywords are taken away.
 */
public final class Queries {

  /** The rules file: the alerts, in the file promtool checks and the chart's PrometheusRule carries. */
  public static final Path RULES = Helm.chart().resolve("files/healer-rules.yaml");
  /** The Grafana dashboard. */
  public static final Path DASHBOARD = Helm.chart().resolve("files/healer-dashboard.json");

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern LABEL_LIST =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
      "on", "ignoring", "group_left", "group_right", "inf", "nan");

  private Queries() {}

  /** Alert name to expression, in file order. */
  @SuppressWarnings("unchecked")
  public static Map<String, String> alerts() {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, Object> file = (Map<String, Object>) new org.yaml.snakeyaml.Yaml(
        new org.yaml.snakeyaml.constructor.SafeConstructor(new org.yaml.snakeyaml.LoaderOptions())).load(read(RULES));
    for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        out.put((String) rule.get("alert"), ((String) rule.get("expr")).strip());
      }
    }
    return out;
  }

  /** "Panel title / refId" to expression, with Grafana's {@code $__rate_interval} as {@code rateInterval}. */
  public static Map<String, String> dashboard(String rateInterval) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonObject dashboard = JsonParser.parseString(read(DASHBOARD)).getAsJsonObject();
    for (JsonElement p : dashboard.getAsJsonArray("panels")) {
      JsonObject panel = p.getAsJsonObject();
      for (JsonElement t : panel.getAsJsonArray("targets")) {
        JsonObject target = t.getAsJsonObject();
        out.put(panel.get("title").getAsString() + " / " + target.get("refId").getAsString(),
            target.get("expr").getAsString().replace("$__rate_interval", rateInterval));
      }
    }
    return out;
  }

  /** The panel titles, in order. */
  public static List<String> panelTitles() {
    List<String> out = new ArrayList<>();
    for (JsonElement p : JsonParser.parseString(read(DASHBOARD)).getAsJsonObject().getAsJsonArray("panels")) {
      out.add(p.getAsJsonObject().get("title").getAsString());
    }
    return out;
  }

  /** The metric names an expression reads. */
  public static Set<String> metricNames(String promql) {
    String rest = STRING.matcher(promql).replaceAll(" ");
    rest = MATCHERS.matcher(rest).replaceAll(" ");
    rest = RANGE.matcher(rest).replaceAll(" ");
    rest = LABEL_LIST.matcher(rest).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(rest);
    while (m.find()) {
      String word = m.group();
      boolean function = rest.substring(m.end()).stripLeading().startsWith("(");
      boolean number = m.start() > 0 && Character.isDigit(rest.charAt(m.start() - 1));
      if (!function && !number && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
        names.add(word);
      }
    }
    return names;
  }

  /** The sample names of a Prometheus text exposition ({@code /metrics}). */
  public static Set<String> exported(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.lines().toList()) {
      if (!line.isBlank() && !line.startsWith("#")) {
        Matcher m = IDENTIFIER.matcher(line);
        if (m.lookingAt()) {
          names.add(m.group());
        }
      }
    }
    return names;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
