package dev.headroom.reconciler;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.ReconcilerUtils;

/**
 * How the reconciler writes a policy's status. It writes it itself, not through the SDK's {@code
 * UpdateControl.patchStatus}: a write that fails because the apiserver is away is then the
 * reconciler's to classify and wait out ({@link ApiFailure}), not the SDK's to log with a stack
 * trace and retry on its own schedule.
 */
@FunctionalInterface
interface StatusWriter {
  /**
   * The field manager of the status: the SDK's default for this controller (its name), which wrote
   * the status before the reconciler did, so the status fields keep their one manager.
   */
  String FIELD_MANAGER = ReconcilerUtils.getNameFor(PerformancePolicyReconciler.class);

  /**
   * Server-side apply of the status subresource, forced, as the SDK does it, but without the
   * resourceVersion of the copy evaluated: this reconciler is the status's only writer, and what it
   * writes comes from its own memory of the policy ({@link StatusMemory}), newer than a cache that
   * missed an event while the apiserver was away; a version check would refuse that write (409) and
   * throw the memory away.
   */
  StatusWriter SERVER_SIDE_APPLY =
      (policy, client) -> {
        var managedFields = policy.getMetadata().getManagedFields();
        String resourceVersion = policy.getMetadata().getResourceVersion();
        try {
          policy.getMetadata().setManagedFields(null);
          policy.getMetadata().setResourceVersion(null);
          client
              .resource(policy)
              .subresource("status")
              .patch(
                  new PatchContext.Builder()
                      .withFieldManager(FIELD_MANAGER)
                      .withForce(true)
                      .withPatchType(PatchType.SERVER_SIDE_APPLY)
                      .build());
        } finally {
          policy.getMetadata().setManagedFields(managedFields);
          policy.getMetadata().setResourceVersion(resourceVersion);
        }
      };

  void write(PerformancePolicy policy, KubernetesClient client);
}
