package dev.headroom.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events on an object. An Event that cannot be written is logged and dropped: it
 * must never fail a reconciliation. While the apiserver is away, one line a minute says so.
 */
public class EventRecorder {
  static final String COMPONENT = "headroom";
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final Optional<String> instance;

  /** The apiserver away: one line a minute, not one per Event. */
  private final FailureLog failures;

  private volatile Consumer<ApiFailure> transientFailures = failure -> {};

  public EventRecorder(KubernetesClient client, Clock clock) {
    this(client, clock, Optional.empty());
  }

  /**
   * @param instance the replica's leader-election identity, recorded as the Events' reporting
   *     instance and source host, so an Event tells which replica acted
   */
  public EventRecorder(KubernetesClient client, Clock clock, Optional<String> instance) {
    this.client = client;
    this.clock = clock;
    this.instance = instance;
    this.failures = new FailureLog(LOG, clock, "the Event is dropped");
  }

  /**
   * Who else hears of an Event dropped because the apiserver is away: the reconciler, whose
   * evaluations then wait too (an Event is often an evaluation's only request).
   */
  void onTransientFailure(Consumer<ApiFailure> listener) {
    this.transientFailures = listener;
  }

  public void record(HasMetadata object, PolicyEvent event) {
    String now = clock.instant().toString();
    String namespace = object.getMetadata().getNamespace();
    var kubeEvent =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(
                object.getMetadata().getName()
                    + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1))
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(object.getApiVersion())
                    .withKind(object.getKind())
                    .withNamespace(namespace)
                    .withName(object.getMetadata().getName())
                    .withUid(object.getMetadata().getUid())
                    .withResourceVersion(object.getMetadata().getResourceVersion())
                    .build())
            .withType(event.type().name())
            .withReason(event.reason())
            .withMessage(event.message())
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .withHost(instance.orElse(null))
            .endSource()
            .withReportingComponent(COMPONENT)
            .withReportingInstance(instance.orElse(null))
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(kubeEvent).create();
    } catch (KubernetesClientException e) {
      Optional<ApiFailure> passing = ApiFailure.of(e);
      if (passing.isPresent()) {
        failures.failed(passing.get());
        transientFailures.accept(passing.get());
        return;
      }
      LOG.warn(
          "could not record event {} on {}/{}: {}",
          event.reason(),
          namespace,
          object.getMetadata().getName(),
          e.getMessage());
    }
  }
}
