/**
 * A third-party healer cloud provider, {@code webhook}: healer's repairs are POSTed to a URL, and
 * whatever answers there (a runbook service, a ticket queue, a bare-metal controller) carries them
 * out.
 */
package com.example.healer.webhook;
