/**
 * A real Prometheus for the integration tests ({@link
 * dev.headroom.testing.prometheus.RealPrometheus}), scrape targets registered at run time, a test
 * metrics endpoint and classic-histogram expectations. It may import {@code testing.env}, Jackson
 * and the JDK's HTTP server.
 */
package dev.headroom.testing.prometheus;
