/**
 * HTTP plumbing of the OpenStack provider: one authenticated JDK {@code HttpClient} session, its
 * retry policy, JSON through Gson with limits on size and depth, and typed calls to Nova, Cinder,
 * Magnum and Heat. Not an API: may change in any release.
 */
package io.healer.provider.magnum.internal;
