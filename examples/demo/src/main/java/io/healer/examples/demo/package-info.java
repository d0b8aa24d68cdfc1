/** A simulated cluster healed on a fake cloud, printing a readable timeline of the healer's decisions. */
package io.healer.examples.demo;
