/**
 * The clairvoyant reference controller: it knows the future load and the true service model. It is
 * the only controller allowed to use them. Imports {@code sim.run}, {@code sim.model}, {@code
 * sim.load}, {@code sim.scenario}.
 */
package dev.headroom.sim.oracle;
