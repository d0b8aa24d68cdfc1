package io.healer.core.engine;

import io.healer.api.NodeInfo;
import io.healer.core.engine.UnhealthyTracker.Candidacy;

/**
 * A node the track stage found failing long enough to be repaired, with why.
 *
 * @param node the node as read this cycle
 * @param why the check that failed long enough, its reason and since when
 */
record Candidate(NodeInfo node, Candidacy why) {

  /** The node's name. */
  String name() {
    return node.name();
  }
}
