package dev.headroom.testing.cluster;

import dev.headroom.testing.env.TestRun;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Gives {@link RealCrdServer} tests the shared {@link CelServer} and a namespace each. */
public final class CrdServerExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(CrdServerExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    TestRun.startBeforeAll(CelServer::shared);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    var controlPlane = CelServer.shared().controlPlane();
    context
        .getStore(STORE)
        .put(
            TestNamespace.class,
            TestNamespace.create(
                controlPlane.client(),
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
      namespace.delete(CelServer.shared().controlPlane().client());
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == CelServer.class || type == TestNamespace.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestNamespace.class
        ? context.getStore(STORE).get(TestNamespace.class, TestNamespace.class)
        : CelServer.shared();
  }
}
