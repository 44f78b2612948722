/**
 * Runs controllers on scenarios: each on its own copy of the world, stepped one second at a time,
 * called every sync period; records timelines of true budget values and scaling events. Controllers
 * come from {@link dev.headroom.sim.run.ControllerFactory}; results go to {@link
 * dev.headroom.sim.run.RunSink}s. Imports every {@code sim} package but the controllers'.
 */
package dev.headroom.sim.run;
