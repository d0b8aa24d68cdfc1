/**
 * The Kubernetes side of healer: the only package that talks to the Kubernetes API (with
 * kubernetes-client-java). Informer-backed node source, node-annotation repair ledger, Lease leader
 * election, pause switch, Events and cordon/drain, wired together by {@link
 * io.healer.kubernetes.KubernetesHealer}. The engine never sees a client type.
 */
package io.healer.kubernetes;
