package dev.headroom.testing.crd;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.types.CelType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;

/**
 * The CEL environment a CRD rule compiles in: standard macros and functions, the strings, sets and
 * optional extensions, the Kubernetes quantity library, and cross-type numeric comparisons, which
 * the apiserver enables so {@code self.ratio < 1} compiles for a double field.
 */
final class KubeCelEnvironment {

  private static final CelOptions OPTIONS =
      CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .enableOptionalSyntax(true)
          .build();

  private KubeCelEnvironment() {}

  static Cel create(CelTypes types, CelType self, CelType oldSelf) {
    return CelFactory.standardCelBuilder()
        .setOptions(OPTIONS)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .setTypeProvider(types)
        .addVar("self", self)
        .addVar("oldSelf", oldSelf)
        .addCompilerLibraries(
            CelExtensions.strings(), CelExtensions.optional(), CelExtensions.sets(OPTIONS))
        .addRuntimeLibraries(
            CelExtensions.strings(), CelExtensions.optional(), CelExtensions.sets(OPTIONS))
        .addFunctionDeclarations(QuantityLibrary.declarations())
        .addFunctionBindings(QuantityLibrary.bindings())
        .build();
  }
}
