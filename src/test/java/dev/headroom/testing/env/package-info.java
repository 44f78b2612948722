/**
 * What every real-server test needs, whatever the server: where the cached binaries are ({@link
 * dev.headroom.testing.env.TestEnvironment}), this JVM's run directory and whether to keep it
 * ({@link dev.headroom.testing.env.TestRun}), processes that are always stopped ({@link
 * dev.headroom.testing.env.Processes}, with PID files for killed JVMs), free ports, polling with a
 * timeout, and skipping or failing on CI when a server is missing ({@link
 * dev.headroom.testing.env.Unavailable}). It may import the JDK and JUnit only.
 */
package dev.headroom.testing.env;
