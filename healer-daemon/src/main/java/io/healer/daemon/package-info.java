/**
 * The healer daemon: a command line ({@code run}, {@code check}, {@code validate}, {@code demo},
 * {@code version}) over healer-core, with plugin jars from a directory, Prometheus metrics, health
 * endpoints and structured logs. A drop-in for the Go magnum-auto-healer.
 */
package io.healer.daemon;
