/**
 * A third-party healer check, {@code NodeProblem}: a node is unhealthy when node-problem-detector
 * reports a problem condition or when its kubelet stops renewing its Lease.
 */
package com.example.healer.npd;
