package dev.headroom.sim.scenario;

import dev.headroom.sim.Resources;
import dev.headroom.sim.model.ServiceParameters;

/**
 * A scenario's service.
 *
 * @param parameters the model's parameters (never shown to controllers other than the oracle)
 * @param initialResources the container resources the Deployment starts with
 * @param startupJitterFraction each new pod's start-up time is the nominal time times a seeded
 *     uniform factor in [1 - f, 1 + f]
 */
public record ServiceSpec(
    ServiceParameters parameters, Resources initialResources, double startupJitterFraction) {}
