package dev.headroom.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.api.v1alpha1.TargetRef;
import dev.headroom.testing.random.Gen;
import dev.headroom.testing.random.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which pods each naming selects, and what a grouped query reads back from a pod's name. The
 * expressions are RE2; java.util.regex reads this subset (classes, counted repeats, non-capturing
 * groups, alternation, quoted literals) the same, and {@code matches} anchors both ends as {@code
 * =~} and {@code label_replace} do.
 */
class PodNamingTest {
  private static boolean selects(PodNaming naming, String target, String pod) {
    return Pattern.compile(naming.pods(target)).matcher(pod).matches();
  }

  /** The target a grouped query of {@code naming} names for {@code pod}, if any. */
  private static Optional<String> derived(PodNaming naming, String pod) {
    Matcher m = Pattern.compile(naming.anyPod()).matcher(pod);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  @Test
  void eachKindIsNamedAsItsControllerNamesPods() {
    assertThat(PodNaming.of("apps", "Deployment")).isEqualTo(PodNaming.HASH_AND_SUFFIX);
    assertThat(PodNaming.of("argoproj.io", "Rollout")).isEqualTo(PodNaming.HASH_AND_SUFFIX);
    assertThat(PodNaming.of("apps", "StatefulSet")).isEqualTo(PodNaming.ORDINAL);
    assertThat(PodNaming.of("apps", "ReplicaSet")).isEqualTo(PodNaming.SUFFIX);
    assertThat(PodNaming.of("", "ReplicationController")).isEqualTo(PodNaming.SUFFIX);
    // A kind is known only in its own group; anything else is a custom resource.
    assertThat(PodNaming.of("apps.kruise.io", "CloneSet")).isEqualTo(PodNaming.ANY);
    assertThat(PodNaming.of("example.com", "StatefulSet")).isEqualTo(PodNaming.ANY);
    assertThat(PodNaming.of("argoproj.io", "Deployment")).isEqualTo(PodNaming.ANY);
    assertThat(PodNaming.of("apps", "ReplicationController")).isEqualTo(PodNaming.ANY);
  }

  @Test
  void aTargetRefIsReadWithItsDefaults() {
    assertThat(PodNaming.of((TargetRef) null)).isEqualTo(PodNaming.HASH_AND_SUFFIX);
    assertThat(PodNaming.of(new TargetRef(null, null, "web"))).isEqualTo(PodNaming.HASH_AND_SUFFIX);
    assertThat(PodNaming.of(TargetRef.deployment("web"))).isEqualTo(PodNaming.HASH_AND_SUFFIX);
    assertThat(PodNaming.of(new TargetRef("apps/v1", "StatefulSet", "db")))
        .isEqualTo(PodNaming.ORDINAL);
    assertThat(PodNaming.of(new TargetRef("apps/v1", "ReplicaSet", "cache")))
        .isEqualTo(PodNaming.SUFFIX);
    assertThat(PodNaming.of(new TargetRef("v1", "ReplicationController", "legacy")))
        .isEqualTo(PodNaming.SUFFIX);
    assertThat(PodNaming.of(new TargetRef("argoproj.io/v1alpha1", "Rollout", "front")))
        .isEqualTo(PodNaming.HASH_AND_SUFFIX);
    assertThat(PodNaming.of(new TargetRef("apps.kruise.io/v1alpha1", "CloneSet", "kv")))
        .isEqualTo(PodNaming.ANY);
  }

  @Test
  void deploymentAndRolloutPodsAreNameHashSuffix() {
    PodNaming naming = PodNaming.HASH_AND_SUFFIX;
    assertThat(naming.pods("web"))
        .isEqualTo("web-[bcdfghjklmnpqrstvwxz2456789]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}");
    assertThat(List.of("web-7d4b9c-24567", "web-5-bcdfg", "web-6c9d8b7f4z-m2xkq"))
        .allMatch(pod -> selects(naming, "web", pod));
    assertThat(
            List.of(
                "web-0", // a StatefulSet web's
                "web-abc-0", // a StatefulSet web-abc's
                "web-bcdfg", // a ReplicaSet web's
                "web-7d4b9c-2456", // a suffix of 4
                "web-7d4b9c-245670",
                "web-6c9d8b7f4zz-m2xkq", // a hash of 11
                "web-aeiou-24567", // vowels are not in the alphabet
                "web-7d4b9c-2456a",
                "web-7d4b9c-24567-bcdfg", // a Deployment web-7d4b9c's
                "xweb-7d4b9c-24567",
                "web"))
        .noneMatch(pod -> selects(naming, "web", pod));
    assertThat(selects(naming, "db", "db-0")).isFalse();
  }

  @Test
  void statefulSetPodsAreNameOrdinal() {
    PodNaming naming = PodNaming.ORDINAL;
    assertThat(naming.pods("db")).isEqualTo("db-(?:0|[1-9][0-9]*)");
    assertThat(List.of("db-0", "db-1", "db-10", "db-2024")).allMatch(p -> selects(naming, "db", p));
    assertThat(
            List.of(
                "db-5f6d7-xk2vz", // a Deployment db's
                "db-bcdfg", // a ReplicaSet db's
                "db-01",
                "db-",
                "db0",
                "db-x-0",
                "db-0-0",
                "xdb-0"))
        .noneMatch(pod -> selects(naming, "db", pod));
    assertThat(selects(naming, "web-abc", "web-abc-0")).isTrue();
    assertThat(selects(PodNaming.HASH_AND_SUFFIX, "web", "web-abc-0")).isFalse();
    assertThat(selects(naming, "web", "web-abc-0")).isFalse();
    assertThat(selects(naming, "web", "web-7d4b9c-24567")).isFalse();
  }

  @Test
  void replicaSetAndReplicationControllerPodsAreNameSuffix() {
    PodNaming naming = PodNaming.SUFFIX;
    assertThat(naming.pods("cache")).isEqualTo("cache-[bcdfghjklmnpqrstvwxz2456789]{5}");
    assertThat(List.of("cache-bcd42", "cache-24567")).allMatch(p -> selects(naming, "cache", p));
    assertThat(
            List.of(
                "cache-bcd4",
                "cache-bcd42x",
                "cache-bcd40",
                "cache-0",
                "cache-7d4b9c-24567", // a Deployment cache's
                "cache-x-bcd42"))
        .noneMatch(pod -> selects(naming, "cache", pod));
    // A Deployment's own ReplicaSet has the Deployment's pods, as it should.
    assertThat(selects(naming, "web-7d4b9c", "web-7d4b9c-24567")).isTrue();
  }

  @Test
  void otherKindsMatchAnyOfTheThreeForms() {
    PodNaming naming = PodNaming.ANY;
    assertThat(List.of("kv-0", "kv-12", "kv-bcdfg", "kv-7d4b9c-24567"))
        .allMatch(p -> selects(naming, "kv", p));
    assertThat(List.of("kv", "kv-", "kv-01", "kv-abc", "kv-0-0", "kvx-0", "kv-7d4b9c-bcdfg-0"))
        .noneMatch(p -> selects(naming, "kv", p));
  }

  @Test
  void theNameIsQuoted() {
    for (PodNaming naming : PodNaming.values()) {
      assertThat(naming.pods("t.x")).startsWith("t\\.x-");
    }
    assertThat(selects(PodNaming.ORDINAL, "t.x", "t.x-0")).isTrue();
    assertThat(selects(PodNaming.ORDINAL, "t.x", "tax-0")).isFalse();
  }

  @Test
  void aGroupedQueryReadsTheTargetBackFromAPodsName() {
    assertThat(PodNaming.HASH_AND_SUFFIX.anyPod())
        .isEqualTo("(.+)-[bcdfghjklmnpqrstvwxz2456789]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}");
    assertThat(derived(PodNaming.HASH_AND_SUFFIX, "web-7d4b9c-24567")).contains("web");
    assertThat(derived(PodNaming.HASH_AND_SUFFIX, "web-abc-7d4b9c-24567")).contains("web-abc");
    assertThat(derived(PodNaming.HASH_AND_SUFFIX, "db-0")).isEmpty();
    assertThat(derived(PodNaming.HASH_AND_SUFFIX, "web-abc-0")).isEmpty();
    assertThat(derived(PodNaming.ORDINAL, "db-0")).contains("db");
    assertThat(derived(PodNaming.ORDINAL, "web-abc-0")).contains("web-abc");
    assertThat(derived(PodNaming.ORDINAL, "db-1-10")).contains("db-1");
    assertThat(derived(PodNaming.ORDINAL, "db-5f6d7-xk2vz")).isEmpty();
    assertThat(derived(PodNaming.SUFFIX, "cache-bcd42")).contains("cache");
    assertThat(derived(PodNaming.SUFFIX, "db-0")).isEmpty();
    assertThat(derived(PodNaming.SUFFIX, "web-7d4b9c-24567")).contains("web-7d4b9c");
  }

  @Test
  void anyIsNeverAskedInAGroupedQuery() {
    assertThat(PodNaming.ANY.batchable()).isFalse();
    assertThat(TargetIdentity.pods(PodNaming.ANY).batchable()).isFalse();
    assertThatThrownBy(PodNaming.ANY::anyPod).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new Scope.Batch(TargetIdentity.pods(PodNaming.ANY), List.of("shop")))
        .isInstanceOf(IllegalArgumentException.class);
    for (PodNaming naming :
        List.of(PodNaming.HASH_AND_SUFFIX, PodNaming.ORDINAL, PodNaming.SUFFIX)) {
      assertThat(TargetIdentity.pods(naming).batchable()).as(naming.name()).isTrue();
    }
  }

  static Stream<Long> seeds() {
    return Seeds.of(40);
  }

  private static final String SAFE = "bcdfghjklmnpqrstvwxz2456789";

  /** A generated part of one of the forms, or a near miss of one. */
  private static String generated(Gen gen) {
    return switch (gen.ints(0, 5)) {
      case 0 -> gen.string(10, SAFE) + "-" + gen.string(5, SAFE);
      case 1 -> Integer.toString(gen.ints(0, 120));
      case 2 -> gen.string(6, SAFE);
      case 3 -> gen.string(3, "0123456789");
      case 4 -> gen.string(4, SAFE + "aeiou013-");
      default -> gen.string(2, SAFE) + "-" + Integer.toString(gen.ints(0, 3));
    };
  }

  /**
   * The property a grouped query's answer rests on: for a batchable naming, a grouped query
   * attributes a pod to a target exactly when that target's own query selects the pod, whatever
   * other names share a prefix with it. Names are drawn so that one is often another plus a
   * generated-looking part ({@code web}, {@code web-7d}, {@code web-7d-0}).
   */
  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void aGroupedQueryAttributesAPodExactlyWhereTheTargetsOwnQuerySelectsIt(long seed) {
    Gen gen = new Gen(seed);
    List<String> names = new ArrayList<>(List.of(gen.oneOf("web", "db", "a.b", "x-2")));
    for (int i = 0; i < 4; i++) {
      names.add(gen.oneOf(names) + "-" + generated(gen));
    }
    List<String> pods = gen.list(1, 30, g -> g.oneOf(names) + "-" + generated(g));
    PodNaming naming = gen.oneOf(PodNaming.HASH_AND_SUFFIX, PodNaming.ORDINAL, PodNaming.SUFFIX);
    Seeds.check(
        seed,
        () -> naming + ", names " + names + ", pods " + pods,
        () -> {
          for (String pod : pods) {
            Optional<String> to = derived(naming, pod);
            for (String name : names) {
              assertThat(selects(naming, name, pod))
                  .as("%s selects %s: grouped query says %s", name, pod, to)
                  .isEqualTo(to.equals(Optional.of(name)));
            }
          }
        });
  }
}
