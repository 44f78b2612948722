/**
 * Monitoring as a controller sees it: a Prometheus that scrapes on an interval and answers with
 * {@code rate()} and {@code histogram_quantile()} over a window (so it lags and quantizes the
 * truth), can be down, and metrics-server's CPU samples. Imports {@code sim} and {@code
 * sim.cluster}.
 */
package dev.headroom.sim.observe;
