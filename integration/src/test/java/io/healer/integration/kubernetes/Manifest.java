package io.healer.integration.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The daemon's shipped manifest ({@code healer-daemon/deploy/healer.yaml}), cut into its
 * documents, so a test applies exactly what a user applies: the ServiceAccount, its RBAC and the
 * control ConfigMap (no kubelet runs the Deployment here).
 */
final class Manifest {

  /** The kinds that give the daemon its identity and permissions. */
  static final Set<String> ACCESS = Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");

  private final List<String> documents;

  private Manifest(List<String> documents) {
    this.documents = documents;
  }

  /** Reads the shipped manifest. */
  static Manifest shipped() {
    Path file = KubernetesBinaries.integrationDir().resolve("../healer-daemon/deploy/healer.yaml").normalize();
    try {
      List<String> docs = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : Files.readAllLines(file)) {
        if (line.equals("---")) {
          docs.add(current.toString());
          current.setLength(0);
        } else {
          current.append(line).append('\n');
        }
      }
      docs.add(current.toString());
      return new Manifest(docs.stream().filter(d -> kind(d) != null).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The documents of these kinds, plus the named extra documents ("ConfigMap/healer-control"), as one YAML stream. */
  String select(Set<String> kinds, Set<String> extra) {
    return select(kinds, extra, UnaryOperator.identity());
  }

  /** As {@link #select(Set, Set)}, each document passed through {@code edit} (to take a rule away, say). */
  String select(Set<String> kinds, Set<String> extra, UnaryOperator<String> edit) {
    StringBuilder out = new StringBuilder();
    for (String doc : documents) {
      if (kinds.contains(kind(doc)) || extra.contains(kind(doc) + "/" + name(doc))) {
        out.append("---\n").append(edit.apply(doc));
      }
    }
    return out.toString();
  }

  private static String kind(String doc) {
    return doc.lines().filter(l -> l.startsWith("kind: ")).map(l -> l.substring(6).strip()).findFirst().orElse(null);
  }

  private static String name(String doc) {
    return doc.lines().filter(l -> l.startsWith("  name: ")).map(l -> l.substring(8).strip()).findFirst().orElse(null);
  }
}
