/**
 * The sample service the process-backed tests run as a real program: an HTTP server whose handler
 * burns a calibrated amount of CPU, optionally waits on a "dependency" without CPU, and holds
 * native memory per request in flight, instrumented with the Prometheus Java client (a
 * classic-bucket request-duration histogram by status, named as Micrometer names it). It may import
 * the JDK and the Prometheus client only: it runs in its own JVM, started by the tests.
 */
package dev.headroom.testing.service;
