package dev.headroom.testing.cluster;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against the CEL-capable {@link CrdOnlyServer}. Test methods may take the
 * {@link CrdOnlyServer} and their own {@link TestNamespace} (created in the control plane it
 * delegates to).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(CrdServerExtension.class)
public @interface RealCrdServer {}
