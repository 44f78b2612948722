package dev.headroom.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class CrdUpToDateTest {
  @Test
  void theCommittedCrdIsExactlyWhatTheBuildGenerates() throws Exception {
    assertThat(Crds.GENERATED).as("the build generates the CRD before tests run").exists();
    assertThat(Files.readString(Crds.COMMITTED))
        .as(
            "crds/ is out of date with the Java model: run scripts/update-crd.sh and commit"
                + " crds/performancepolicies.headroom.dev.yaml")
        .isEqualTo(Files.readString(Crds.GENERATED));
  }
}
