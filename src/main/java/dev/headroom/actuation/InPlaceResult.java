package dev.headroom.actuation;

import java.util.List;

/** What an in-place resize did, or why it could not be done. */
public sealed interface InPlaceResult {
  /** The reason a caller puts in a condition when it falls back to a rollout. */
  String UNSUPPORTED_REASON = "InPlaceUnsupported";

  /**
   * The pods were resized through the {@code resize} subresource (the kubelet applies it; a resize
   * it cannot do shows in the pod's {@code PodResizePending} condition).
   *
   * @param resized the pods patched
   * @param unchanged the pods that already had the values
   */
  record Resized(List<String> resized, List<String> unchanged) implements InPlaceResult {}

  /**
   * The cluster cannot resize pods in place; the caller falls back to a rollout.
   *
   * @param why a sentence saying why
   */
  record Unsupported(String why) implements InPlaceResult {
    /** {@code InPlaceUnsupported: <why>}. */
    public String message() {
      return UNSUPPORTED_REASON + ": " + why;
    }
  }
}
