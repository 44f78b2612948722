package dev.headroom.build;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import dev.headroom.api.v1alpha1.PerformancePolicy;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.File;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Generates the CRD from the Java model with the Fabric8 CRD generator. It runs in the build (see
 * pom.xml) rather than through the generator's Maven plugin because the plugin takes no
 * post-processor (see {@link Finishing}); it would, for one, sort printer columns by JSON path and
 * so put AGE first in {@code kubectl get}.
 */
public final class GenerateCrd {
  private GenerateCrd() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: GenerateCrd OUTPUT_DIR");
    }
    File outputDir = new File(args[0]);
    if (!outputDir.isDirectory() && !outputDir.mkdirs()) {
      throw new IllegalStateException("cannot create " + outputDir);
    }
    int generated =
        new CRDGenerator()
            .customResourceClasses(PerformancePolicy.class)
            .forCRDVersions("v1")
            .withPostProcessor(new Finishing())
            .inOutputDir(outputDir)
            .generate();
    if (generated != 1) {
      throw new IllegalStateException("expected one CRD, generated " + generated);
    }
  }

  /**
   * What the generator cannot express: printer columns in the order {@link PerformancePolicy}
   * declares them, the kind's own description at the schema's root (the first thing {@code kubectl
   * explain perfpolicy} prints), and {@code spec} as a required field, so a policy without one is
   * rejected at apply time on every Kubernetes version.
   */
  static final class Finishing implements CRDPostProcessor {
    private final List<String> declared =
        Arrays.stream(PerformancePolicy.class.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();

    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
      String kindDescription =
          PerformancePolicy.class.getAnnotation(JsonClassDescription.class).value();
      for (var version : ((CustomResourceDefinition) crd).getSpec().getVersions()) {
        var root = version.getSchema().getOpenAPIV3Schema();
        root.setDescription(kindDescription);
        root.setRequired(List.of("spec"));
        List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
        if (columns != null) {
          columns.sort(Comparator.comparingInt(column -> declared.indexOf(column.getName())));
        }
      }
      return crd;
    }
  }
}
