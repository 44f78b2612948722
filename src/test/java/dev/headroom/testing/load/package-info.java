/**
 * An open-loop load generator for the process-backed tests: requests sent on schedule whatever the
 * answers (overload shows as latency, not as a slower client; no coordinated omission), at the rate
 * a {@code sim.load.LoadTrace} gives (a shape, or the project's traces time-compressed), spread
 * over the Ready endpoints of a Service as the real endpoint-slice controller lists them, with the
 * client's latency in an HdrHistogram as a cross-check of the server's own histogram. It may import
 * {@code sim.load}, the Fabric8 client, HdrHistogram and the JDK.
 */
package dev.headroom.testing.load;
