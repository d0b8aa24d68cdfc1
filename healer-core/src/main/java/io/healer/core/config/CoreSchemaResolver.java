package io.healer.core.config;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Decides which plain YAML scalars become booleans, numbers and nulls, close to the YAML 1.2 core
 * schema that Go's yaml.v3 (behind viper) uses, instead of SnakeYAML's YAML 1.1 rules.
 *
 * <p>Why: the provider block is handed on opaque, so ids and passwords must reach the provider as
 * written. Under YAML 1.1, {@code no} and {@code off} become {@code false}, {@code 0123} becomes
 * the octal 83, {@code 12:30} the sexagesimal 750 and {@code 2024-01-01} a {@code Date}. Here only
 * {@code true}/{@code false} are booleans, integers are decimal without leading zeros (or {@code
 * 0x} hex), floats need a dot (so an all-digit id with one {@code e} stays a string), and
 * timestamps stay strings.
 */
final class CoreSchemaResolver extends Resolver {

  private static final Pattern BOOLEAN = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
  private static final Pattern INTEGER = Pattern.compile("^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+)$");
  private static final Pattern DECIMAL = Pattern.compile(
      "^(?:[-+]?(?:\\.[0-9]+|[0-9]+\\.[0-9]*)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
  private static final Pattern NULL = Pattern.compile("^(?:~|null|Null|NULL)$");
  private static final Pattern NOTHING = Pattern.compile("^$");

  @Override
  protected void addImplicitResolvers() {
    // The last argument bounds the length of text the pattern is tried on.
    addImplicitResolver(Tag.BOOL, BOOLEAN, "tTfF", 5);
    addImplicitResolver(Tag.INT, INTEGER, "-+0123456789", 40);
    addImplicitResolver(Tag.FLOAT, DECIMAL, "-+0123456789.", 40);
    addImplicitResolver(Tag.NULL, NULL, "~nN", 4);
    addImplicitResolver(Tag.NULL, NOTHING, null, 1);
    // Merge keys (<<) keep working, so anchors can share params between checks.
    addImplicitResolver(Tag.MERGE, MERGE, "<", 2);
  }
}
