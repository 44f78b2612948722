package dev.headroom.testing.crd;

import static dev.cel.common.CelOverloadDecl.newGlobalOverload;
import static dev.cel.common.CelOverloadDecl.newMemberOverload;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.math.BigDecimal;
import java.util.List;

/**
 * Kubernetes' CEL quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go): {@code
 * quantity()}, {@code isQuantity()} and the members on {@code kubernetes.Quantity}.
 */
final class QuantityLibrary {

  static final CelType QUANTITY = OpaqueType.create("kubernetes.Quantity");

  private QuantityLibrary() {}

  static List<CelFunctionDecl> declarations() {
    CelType q = QUANTITY;
    return List.of(
        fn("quantity", newGlobalOverload("string_to_quantity", q, SimpleType.STRING)),
        fn(
            "isQuantity",
            newGlobalOverload("is_quantity_string", SimpleType.BOOL, SimpleType.STRING)),
        fn("sign", newMemberOverload("quantity_sign", SimpleType.INT, q)),
        fn("isGreaterThan", newMemberOverload("quantity_is_greater_than", SimpleType.BOOL, q, q)),
        fn("isLessThan", newMemberOverload("quantity_is_less_than", SimpleType.BOOL, q, q)),
        fn("compareTo", newMemberOverload("quantity_compare_to", SimpleType.INT, q, q)),
        fn("asApproximateFloat", newMemberOverload("quantity_get_float", SimpleType.DOUBLE, q)),
        fn("asInteger", newMemberOverload("quantity_get_int", SimpleType.INT, q)),
        fn("isInteger", newMemberOverload("quantity_is_integer", SimpleType.BOOL, q)),
        CelFunctionDecl.newFunctionDeclaration(
            "add",
            newMemberOverload("quantity_add", q, q, q),
            newMemberOverload("quantity_add_int", q, q, SimpleType.INT)),
        CelFunctionDecl.newFunctionDeclaration(
            "sub",
            newMemberOverload("quantity_sub", q, q, q),
            newMemberOverload("quantity_sub_int", q, q, SimpleType.INT)));
  }

  static List<CelFunctionBinding> bindings() {
    Class<KubeQuantity> q = KubeQuantity.class;
    return List.of(
        CelFunctionBinding.from("string_to_quantity", String.class, QuantityLibrary::quantity),
        CelFunctionBinding.from(
            "is_quantity_string", String.class, s -> KubeQuantity.tryParse(s).isPresent()),
        CelFunctionBinding.from("quantity_sign", q, KubeQuantity::sign),
        CelFunctionBinding.from("quantity_is_greater_than", q, q, (a, b) -> a.compareTo(b) > 0),
        CelFunctionBinding.from("quantity_is_less_than", q, q, (a, b) -> a.compareTo(b) < 0),
        CelFunctionBinding.from(
            "quantity_compare_to", q, q, (a, b) -> (long) Integer.signum(a.compareTo(b))),
        CelFunctionBinding.from("quantity_get_float", q, KubeQuantity::asApproximateFloat),
        CelFunctionBinding.from("quantity_get_int", q, QuantityLibrary::asInteger),
        CelFunctionBinding.from("quantity_is_integer", q, KubeQuantity::isInteger),
        CelFunctionBinding.from("quantity_add", q, q, KubeQuantity::add),
        CelFunctionBinding.from(
            "quantity_add_int",
            q,
            Long.class,
            (a, b) -> a.add(KubeQuantity.of(BigDecimal.valueOf(b)))),
        CelFunctionBinding.from("quantity_sub", q, q, KubeQuantity::subtract),
        CelFunctionBinding.from(
            "quantity_sub_int",
            q,
            Long.class,
            (a, b) -> a.subtract(KubeQuantity.of(BigDecimal.valueOf(b)))));
  }

  private static Object quantity(String text) throws CelEvaluationException {
    String error = KubeQuantity.parseError(text);
    if (error != null) {
      throw new CelEvaluationException(error);
    }
    return KubeQuantity.parse(text);
  }

  private static Object asInteger(KubeQuantity quantity) throws CelEvaluationException {
    if (!quantity.isInteger()) {
      throw new CelEvaluationException("cannot convert value to integer");
    }
    return quantity.asInteger();
  }

  private static CelFunctionDecl fn(String name, dev.cel.common.CelOverloadDecl overload) {
    return CelFunctionDecl.newFunctionDeclaration(name, overload);
  }
}
