package dev.headroom.testing.cluster;

import dev.headroom.testing.env.TestRun;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Gives {@link RealCluster} tests the JVM's shared cluster and a fresh namespace per test, deleted
 * after it. A test that fails marks the run, so the servers' logs are kept.
 */
public final class ClusterExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(ClusterExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    TestRun.startBeforeAll(
        () -> {
          Cluster cluster = SharedCluster.get();
          boolean workloads =
              AnnotationSupport.findAnnotation(context.getRequiredTestClass(), RealCluster.class)
                  .map(RealCluster::workloads)
                  .orElse(false);
          if (workloads) {
            cluster.enableWorkloads();
          }
        });
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    KubernetesClient client = SharedCluster.get().client();
    context
        .getStore(STORE)
        .put(
            TestNamespace.class,
            TestNamespace.create(
                client,
                context.getRequiredTestClass().getSimpleName(),
                context.getRequiredTestMethod().getName()));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      TestRun.markFailed();
    }
    TestNamespace namespace =
        context.getStore(STORE).remove(TestNamespace.class, TestNamespace.class);
    if (namespace != null) {
      namespace.delete(SharedCluster.get().client());
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubernetesClient.class || type == TestNamespace.class || type == Cluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == TestNamespace.class) {
      return context.getStore(STORE).get(TestNamespace.class, TestNamespace.class);
    }
    Cluster cluster = SharedCluster.get();
    return type == Cluster.class ? cluster : cluster.client();
  }
}
