package dev.headroom.testing.cluster;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against the JVM's CEL-capable server ({@link CelServer}: the 1.36 apiserver
 * itself, or the {@link CrdOnlyServer} on the 1.20 route). Test methods may take the {@link
 * CelServer} and their own {@link TestNamespace} (created in the control plane it sees).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(CrdServerExtension.class)
public @interface RealCrdServer {}
