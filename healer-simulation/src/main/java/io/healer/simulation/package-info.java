/** Seeded simulations of the real engine on a virtual clock, with invariants checked against ground truth. */
package io.healer.simulation;
