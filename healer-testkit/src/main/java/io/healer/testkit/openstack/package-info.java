/**
 * A stateful fake OpenStack (Keystone v3, Nova, Cinder, Magnum, Heat) served on loopback by
 * WireMock, for testing cloud providers over real HTTP: start with {@link
 * io.healer.testkit.openstack.FakeOpenStack#start(java.time.Clock)}.
 */
package io.healer.testkit.openstack;
