package dev.headroom.sim;

import java.util.List;

/** One controller on one scenario. */
public record ControllerRun(String controller, Timeline timeline, List<ScalingEvent> events) {}
