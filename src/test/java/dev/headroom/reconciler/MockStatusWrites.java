package dev.headroom.reconciler;

/** Status writes that Fabric8's mock apiserver understands: it knows no server-side apply. */
final class MockStatusWrites {
  static final StatusWriter MERGE_PATCH = (policy, client) -> client.resource(policy).patchStatus();

  private MockStatusWrites() {}
}
