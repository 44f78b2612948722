/**
 * Seeded random cases for the property tests: {@link dev.headroom.testing.random.Seeds} gives a
 * JUnit 5 parameterised test its case seeds (fixed by default, {@code -Dheadroom.seed} varies the
 * run, {@code -Dheadroom.case} replays one case) and reports a failure with the seed and the drawn
 * inputs; {@link dev.headroom.testing.random.Gen} draws a case's inputs from its seed, with a bias
 * towards the bounds of each range. It owns the seeds, the draws and the failure report, nothing
 * else, and may import the JDK and JUnit only.
 */
package dev.headroom.testing.random;
