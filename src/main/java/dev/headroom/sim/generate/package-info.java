/**
 * Scenarios drawn at random from documented families and ranges ({@code headroom simulate
 * --generate N --seed S}), so that control quality is measured on traffic and services nobody tuned
 * the engine to. A drawn scenario is a scenario file's text (with its policy inline): it can be
 * written out and run alone. May import {@code sim.scenario}, {@code sim.load}, {@code sim.model}
 * and {@code sim}; nothing of the engine.
 */
package dev.headroom.sim.generate;
