package dev.headroom.testing.prometheus;

import dev.headroom.testing.env.TestRun;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts the shared {@link PrometheusServer} of the class's {@link PrometheusRelease} before a
 * {@link RealPrometheus} class (the 2.42 one is skipped, or failed on CI, when there is no
 * Prometheus binary; the 3.x one always fails then) and hands it to test methods.
 */
public final class PrometheusExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  @Override
  public void beforeAll(ExtensionContext context) {
    TestRun.startBeforeAll(() -> server(context));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    server(context);
  }

  /** The server the test class asks for: its own annotation wins over a parent's. */
  private static PrometheusServer server(ExtensionContext context) {
    PrometheusRelease release =
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), RealPrometheus.class)
            .map(RealPrometheus::value)
            .orElse(PrometheusRelease.V2);
    return PrometheusServer.shared(release);
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
    return server(context);
  }
}
