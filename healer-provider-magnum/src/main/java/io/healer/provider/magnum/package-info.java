/**
 * The OpenStack Magnum cloud provider ({@code cloud-provider: openstack}). Not implemented yet: see
 * the module's README.
 */
package io.healer.provider.magnum;
