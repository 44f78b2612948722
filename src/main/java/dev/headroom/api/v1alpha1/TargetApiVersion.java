package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** API versions of the workloads a policy can target. */
public enum TargetApiVersion {
  @JsonProperty("apps/v1")
  APPS_V1
}
