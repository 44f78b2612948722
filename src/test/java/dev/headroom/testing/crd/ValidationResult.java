package dev.headroom.testing.crd;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What the apiserver would make of one object.
 *
 * @param defaulted a deep copy of the object after null pruning and schema defaulting, the form the
 *     apiserver validates and stores
 * @param errors every error the apiserver would report, in the order it reports them; empty when
 *     the object would be accepted
 */
public record ValidationResult(Map<String, Object> defaulted, List<FieldError> errors) {

  public ValidationResult {
    // The copy may hold nulls (nullable fields), which Map.copyOf rejects.
    defaulted = Collections.unmodifiableMap(defaulted);
    errors = List.copyOf(errors);
  }

  public boolean valid() {
    return errors.isEmpty();
  }

  public List<String> messages() {
    return errors.stream().map(FieldError::message).toList();
  }
}
