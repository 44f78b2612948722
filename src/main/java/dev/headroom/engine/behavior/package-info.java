/**
 * A faithful port of the Kubernetes HorizontalPodAutoscaler's scaling behaviour ({@code
 * spec.behavior}: stabilization windows, rate-limiting policies, selectPolicy, min/max bounds and
 * the HPA's reasons), plus one extension, a per-direction cooldown. It owns the turning of a raw
 * replica recommendation into the count to apply, and the small immutable history that needs
 * ({@link dev.headroom.engine.behavior.BehaviorState}). Both Headroom's decision engine and the
 * simulator's HPA use it, so it imports only the JDK: nothing from Kubernetes, {@code sim} or
 * {@code api}, and no clock or randomness ("now" is always a parameter).
 */
package dev.headroom.engine.behavior;
