package dev.headroom.testing.crd;

/**
 * One line of a kube-apiserver validation error.
 *
 * @param path the field path as the apiserver prints it ({@code spec.items[0].name}, or {@code
 *     <nil>} for the object itself)
 * @param message the whole line, path included, exactly as {@code kubectl} would show it
 */
public record FieldError(String path, String message) {

  @Override
  public String toString() {
    return message;
  }
}
