/**
 * Scenario files (YAML) and the built-in set: load, service, observation, starting point, the
 * PerformancePolicy, and knobs for the HPA and KEDA. Errors name the file and the field. Imports
 * {@code api}, {@code sim.load}, {@code sim.model} and {@code sim.observe}.
 */
package dev.headroom.sim.scenario;
