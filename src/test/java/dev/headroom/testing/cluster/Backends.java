package dev.headroom.testing.cluster;

import dev.headroom.testing.env.TestEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Which cluster the integration tests use, in this order: the cluster named by {@code
 * HEADROOM_TEST_KUBECONFIG}; else the local control plane from the binaries {@code
 * scripts/test-env.sh} caches. k3s through Testcontainers only when asked for with {@code
 * HEADROOM_TEST_BACKEND=k3s}: a Docker engine that answers says nothing of whether its image can be
 * pulled (here no registry is reachable), so it is never chosen silently. {@code
 * HEADROOM_TEST_BACKEND=kubeconfig|k3s|local} considers only that one. A pure function of its
 * inputs, so the order is unit-tested.
 */
public final class Backends {
  public static final String KUBECONFIG_ENV = "HEADROOM_TEST_KUBECONFIG";
  public static final String BACKEND_ENV = "HEADROOM_TEST_BACKEND";

  public enum Kind {
    KUBECONFIG,
    K3S,
    LOCAL
  }

  /**
   * The backend to use, or none; {@code reasons} says why each one before it (or every one) was not
   * chosen.
   */
  public record Choice(Optional<Kind> kind, List<String> reasons) {
    public Choice {
      reasons = List.copyOf(reasons);
    }

    public String explanation() {
      return String.join("; ", reasons);
    }
  }

  private Backends() {}

  public static Choice choose(
      Function<String, String> environment, TestEnvironment testEnv, BooleanSupplier docker) {
    Optional<Kind> only = forced(environment.apply(BACKEND_ENV));
    List<String> reasons = new ArrayList<>();
    if (only.isEmpty() || only.get() == Kind.KUBECONFIG) {
      String kubeconfig = environment.apply(KUBECONFIG_ENV);
      if (kubeconfig != null && !kubeconfig.isBlank()) {
        return new Choice(Optional.of(Kind.KUBECONFIG), reasons);
      }
      reasons.add(KUBECONFIG_ENV + " is not set");
    }
    if (only.isEmpty() || only.get() == Kind.LOCAL) {
      Optional<String> missing = LocalControlPlane.whyUnavailable(testEnv);
      if (missing.isEmpty()) {
        return new Choice(Optional.of(Kind.LOCAL), reasons);
      }
      reasons.add(missing.get());
    }
    if (only.isPresent() && only.get() == Kind.K3S) {
      if (docker.getAsBoolean()) {
        return new Choice(Optional.of(Kind.K3S), reasons);
      }
      reasons.add("no Docker engine for k3s");
    } else if (only.isEmpty()) {
      reasons.add("k3s only when asked for (" + BACKEND_ENV + "=k3s)");
    }
    return new Choice(Optional.empty(), reasons);
  }

  private static Optional<Kind> forced(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Kind.valueOf(value.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          BACKEND_ENV + "=" + value + " is none of kubeconfig, k3s, local");
    }
  }
}
