package dev.headroom.api.v1alpha1;

/** Where a budget stands. */
public enum BudgetState {
  Met,
  Warning,
  Critical,
  NoData
}
