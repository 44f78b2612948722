/**
 * Offered load over simulated time: built-in shapes (constant, step, spike, diurnal, sawtooth,
 * ramp) and recorded traces replayed from CSV. Imports nothing of the simulator.
 */
package dev.headroom.sim.load;
