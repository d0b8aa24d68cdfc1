package io.healer.api.embedding;

import io.healer.api.API;
import io.healer.api.NodeInfo;
import java.util.List;

/**
 * Where the engine reads nodes from: in production an informer cache of the Kubernetes API, in
 * tests a fake cluster. The engine asks once per cycle and never caches the answer itself.
 *
 * <p>Implementations must be thread-safe and cheap to call (no remote call per invocation).
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface NodeSource {

  /**
   * The current nodes of the cluster.
   *
   * @return an immutable snapshot, never {@code null}
   * @throws NodeSourceUnavailableException when the nodes cannot be known right now (for example the
   *     Kubernetes API is unreachable); the engine then repairs nothing
   */
  List<NodeInfo> nodes();
}
