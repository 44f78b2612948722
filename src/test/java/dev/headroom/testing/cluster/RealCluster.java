package dev.headroom.testing.cluster;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against a real Kubernetes cluster ({@link Backends} says which). Test methods
 * may take a {@link io.fabric8.kubernetes.client.KubernetesClient}, their own {@link TestNamespace}
 * and the {@link Cluster}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ClusterExtension.class)
public @interface RealCluster {
  /**
   * The tests need Deployments to produce Pods that become Ready: on the local control plane this
   * starts kube-controller-manager, kube-scheduler and the fake-node agent.
   */
  boolean workloads() default false;
}
