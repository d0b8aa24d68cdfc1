/**
 * TLS trust for plugins that call servers themselves: CA files in PEM, trust managers over them and
 * the "skip verification" switch, built once so that every plugin reads a {@code ca-file} alike.
 */
package io.healer.api.tls;
