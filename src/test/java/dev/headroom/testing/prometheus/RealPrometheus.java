package dev.headroom.testing.prometheus;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against the JVM's real {@link PrometheusServer} of {@link #value()}; methods
 * may take it. A subclass annotated again with {@code V3} runs its parent's tests on Prometheus 3.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PrometheusExtension.class)
public @interface RealPrometheus {
  PrometheusRelease value() default PrometheusRelease.V2;
}
