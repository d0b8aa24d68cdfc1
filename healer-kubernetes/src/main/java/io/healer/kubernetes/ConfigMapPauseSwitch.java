package io.healer.kubernetes;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The cluster-wide pause: healing is paused while the healer's ConfigMap (default {@value
 * #DEFAULT_NAME}, in the healer's namespace) carries the annotation {@value #ANNOTATION}{@code
 * =true} or the data key {@value #DATA_KEY}{@code : "true"}. Read from the informer cache, so
 * asking costs no request, and a change is seen within a watch round-trip.
 *
 * <pre>
 * kubectl -n kube-system annotate configmap healer-control healer.io/paused=true --overwrite
 * kubectl -n kube-system annotate configmap healer-control healer.io/paused-
 * </pre>
 *
 * <p>Until the ConfigMap informer has listed once, healing counts as paused: healer cannot tell.
 */
final class ConfigMapPauseSwitch implements BooleanSupplier {

  /** The default name of the pause ConfigMap. */
  static final String DEFAULT_NAME = "healer-control";
  /** The annotation that pauses healing. */
  static final String ANNOTATION = "healer.io/paused";
  /** The data key that pauses healing. */
  static final String DATA_KEY = "paused";

  private final ClusterCache cache;

  ConfigMapPauseSwitch(ClusterCache cache) {
    this.cache = cache;
  }

  @Override
  public boolean getAsBoolean() {
    if (!cache.configMapSynced()) {
      return true;
    }
    return cache.pauseConfigMap().map(ConfigMapPauseSwitch::paused).orElse(false);
  }

  private static boolean paused(V1ConfigMap map) {
    Map<String, String> annotations = map.getMetadata() == null ? null : map.getMetadata().getAnnotations();
    Map<String, String> data = map.getData();
    return (annotations != null && "true".equalsIgnoreCase(annotations.get(ANNOTATION)))
        || (data != null && "true".equalsIgnoreCase(data.get(DATA_KEY)));
  }
}
