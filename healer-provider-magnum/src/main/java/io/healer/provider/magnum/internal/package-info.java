/**
 * HTTP plumbing of the OpenStack provider: one authenticated JDK {@code HttpClient} session, a
 * small JSON codec and typed calls to Nova, Cinder, Magnum and Heat. Not an API: may change in any
 * release.
 */
package io.healer.provider.magnum.internal;
