package dev.headroom.reconciler;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.PrometheusEndpoint;
import dev.headroom.api.v1alpha1.SecretKeyRef;
import dev.headroom.signals.Credentials;
import dev.headroom.signals.EndpointConfig;
import dev.headroom.signals.PolicyId;
import dev.headroom.signals.PolicySignals;
import dev.headroom.signals.PolicyTarget;
import dev.headroom.signals.ReadAhead;
import dev.headroom.signals.SignalError;
import dev.headroom.signals.SignalReader;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A policy's metrics from Prometheus: its own endpoint ({@code spec.prometheus}, credentials read
 * from Secrets in the policy's namespace and kept for a minute, {@link SecretValues}) or the
 * operator's default. A Secret that cannot be read is a reading that says so — never an exception,
 * and never the Secret's content in a message.
 *
 * <p>Evaluations that fall due together share one read ({@link ReadAhead}): each evaluation that is
 * scheduled {@link #expect expects} the next one, and the policies expected at the same instant are
 * read in one cycle per endpoint at that instant. An evaluation nobody expected (a spec change, an
 * OOM kill, the first one, one whose spec or credentials changed since) joins the others that ask
 * within the same quarter second; one whose shared read failed outright reads alone.
 */
public final class PrometheusMetricsSource implements MetricsSource, AutoCloseable {
  /** How long an evaluation waits for its share of a read in flight before reading alone. */
  private static final Duration WAIT_FOR_READ_AHEAD = Duration.ofSeconds(30);

  private final SignalReader reader;
  private final ReadAhead readAhead;

  /** Per policy, what its last evaluation read: what the next one is expected to read. */
  private final Map<PolicyId, PolicyTarget> lastRead = new ConcurrentHashMap<>();

  private final KubernetesClient client;
  private final Supplier<EndpointConfig> defaultEndpoint;
  private final SecretValues secrets = new SecretValues(Clock.systemUTC());

  public PrometheusMetricsSource(SignalReader reader, KubernetesClient client, URI defaultUrl) {
    this(reader, client, () -> EndpointConfig.of(defaultUrl.toString()));
  }

  /**
   * @param defaultEndpoint the endpoint of policies without {@code spec.prometheus}, asked at each
   *     evaluation so rotated credentials apply; it may throw {@link UncheckedIOException} naming
   *     an unreadable credentials file
   */
  public PrometheusMetricsSource(
      SignalReader reader, KubernetesClient client, Supplier<EndpointConfig> defaultEndpoint) {
    this.reader = reader;
    this.readAhead = new ReadAhead(reader, InstantSource.system());
    this.client = client;
    this.defaultEndpoint = defaultEndpoint;
  }

  @Override
  public Optional<MetricsReading> read(
      PerformancePolicy policy, TargetSnapshot target, Instant now) {
    String namespace = policy.getMetadata().getNamespace();
    EndpointConfig endpoint;
    try {
      endpoint = endpointOf(namespace, policy.getSpec().prometheus());
    } catch (CredentialsUnavailable | UncheckedIOException e) {
      return Optional.of(MetricsReading.unavailable("CredentialsUnavailable", e.getMessage()));
    }
    var id = new PolicyId(namespace, policy.getMetadata().getName());
    var signalsOf = new PolicyTarget(id, policy.getSpec(), endpoint);
    lastRead.put(id, signalsOf);
    // Up to two intervals late, an evaluation takes the read made when it fell due rather than
    // adding a read of its own to a Prometheus or an operator that is already behind.
    Duration maxAge = policy.getSpec().effectiveEvaluationInterval().multipliedBy(2);
    Optional<PolicySignals> read = readAhead.take(signalsOf, now, maxAge, WAIT_FOR_READ_AHEAD);
    if (read.isEmpty()) {
      // Not expected (an event, a new policy, the operator's start): read with the others that ask
      // within the same quarter second, not alone — 5,000 policies at start-up would otherwise
      // send 5,000 cycles of queries at once.
      Instant tick = ReadAhead.nextTick(now);
      readAhead.expect(signalsOf, tick);
      read = readAhead.take(signalsOf, tick, maxAge, WAIT_FOR_READ_AHEAD);
    }
    if (read.isEmpty()) {
      read = reader.readCycle(List.of(signalsOf), now).policy(id);
    }
    if (read.isPresent() && UNAUTHORIZED.equals(read.get().status().reason())) {
      // Perhaps the credentials were rotated: read the policy's Secrets again next time.
      secretNames(policy.getSpec().prometheus()).forEach(name -> secrets.forget(namespace, name));
    }
    return read.map(
        r ->
            new MetricsReading(
                r.signals(), r.status().available(), r.status().reason(), r.status().message()));
  }

  private static final String UNAUTHORIZED = SignalError.UNAUTHORIZED.reason();

  private static List<String> secretNames(PrometheusEndpoint endpoint) {
    if (endpoint == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    if (endpoint.bearerToken() != null) {
      names.add(endpoint.bearerToken().name());
    }
    if (endpoint.basicAuth() != null) {
      names.add(endpoint.basicAuth().username().name());
      names.add(endpoint.basicAuth().password().name());
    }
    if (endpoint.tls() != null && endpoint.tls().ca() != null) {
      names.add(endpoint.tls().ca().name());
    }
    return names;
  }

  @Override
  public void expect(PerformancePolicy policy, Instant due) {
    var id = new PolicyId(policy.getMetadata().getNamespace(), policy.getMetadata().getName());
    PolicyTarget target = lastRead.get(id);
    if (target == null || !target.spec().equals(policy.getSpec())) {
      // Not read by this operator yet (it just started): what it would read, from the spec.
      try {
        target =
            new PolicyTarget(
                id,
                policy.getSpec(),
                endpointOf(policy.getMetadata().getNamespace(), policy.getSpec().prometheus()));
      } catch (CredentialsUnavailable | UncheckedIOException e) {
        return; // the evaluation will say why
      }
    }
    readAhead.expect(target, due);
  }

  @Override
  public void forget(PerformancePolicy policy) {
    var id = new PolicyId(policy.getMetadata().getNamespace(), policy.getMetadata().getName());
    lastRead.remove(id);
    readAhead.forget(id);
  }

  @Override
  public void close() {
    readAhead.close();
    reader.close();
  }

  private EndpointConfig endpointOf(String namespace, PrometheusEndpoint endpoint) {
    if (endpoint == null || endpoint.url() == null) {
      return defaultEndpoint.get();
    }
    Credentials credentials = Credentials.none();
    if (endpoint.bearerToken() != null) {
      credentials = Credentials.bearer(secretValue(namespace, endpoint.bearerToken()));
    } else if (endpoint.basicAuth() != null) {
      credentials =
          Credentials.basic(
              secretValue(namespace, endpoint.basicAuth().username()),
              secretValue(namespace, endpoint.basicAuth().password()));
    }
    Optional<String> ca =
        endpoint.tls() == null || endpoint.tls().ca() == null
            ? Optional.empty()
            : Optional.of(secretValue(namespace, endpoint.tls().ca()));
    return EndpointConfig.from(endpoint, credentials, ca);
  }

  private String secretValue(String namespace, SecretKeyRef ref) {
    return secrets.value(namespace, ref.name(), ref.key(), () -> readSecret(namespace, ref));
  }

  private String readSecret(String namespace, SecretKeyRef ref) {
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(ref.name()).get();
    } catch (KubernetesClientException e) {
      throw new CredentialsUnavailable(
          "Secret " + namespace + "/" + ref.name() + " could not be read: HTTP " + e.getCode());
    }
    if (secret == null) {
      throw new CredentialsUnavailable("Secret " + namespace + "/" + ref.name() + " not found");
    }
    if (secret.getData() != null && secret.getData().containsKey(ref.key())) {
      return new String(
          Base64.getDecoder().decode(secret.getData().get(ref.key())), StandardCharsets.UTF_8);
    }
    if (secret.getStringData() != null && secret.getStringData().containsKey(ref.key())) {
      return secret.getStringData().get(ref.key());
    }
    throw new CredentialsUnavailable(
        "Secret " + namespace + "/" + ref.name() + " has no key " + ref.key());
  }

  /** Says which Secret and key, never what is in it. */
  private static final class CredentialsUnavailable extends RuntimeException {
    CredentialsUnavailable(String message) {
      super(message, null, false, false);
    }
  }
}
