/**
 * The {@code headroom} command line (picocli): parses flags and environment variables into
 * configuration and starts the matching part of Headroom. It holds no logic of its own and may
 * import every other package; nothing imports it.
 */
package dev.headroom.cli;
