package dev.headroom.testing.prometheus;

import dev.headroom.testing.env.TestRun;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the shared {@link PrometheusServer} before a {@link RealPrometheus} class (skipping it, or
 * failing it on CI, when there is no Prometheus binary) and hands it to test methods.
 */
public final class PrometheusExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  @Override
  public void beforeAll(ExtensionContext context) {
    TestRun.startBeforeAll(() -> PrometheusServer.shared());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    PrometheusServer.shared();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      TestRun.markFailed();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PrometheusServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return PrometheusServer.shared();
  }
}
