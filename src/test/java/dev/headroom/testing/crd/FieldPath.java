package dev.headroom.testing.crd;

/**
 * A field path printed the way apimachinery's {@code field.Path} prints it.
 *
 * <p>The root prints as {@code <nil>} because the apiserver validates custom resources with a nil
 * root path, so errors about the object itself really do read {@code <nil>: ...}.
 */
record FieldPath(String value) {

  static final FieldPath ROOT = new FieldPath("");

  FieldPath child(String name) {
    return new FieldPath(value.isEmpty() ? name : value + "." + name);
  }

  FieldPath index(int index) {
    return new FieldPath(value + "[" + index + "]");
  }

  FieldPath key(String key) {
    return new FieldPath(value + "[" + key + "]");
  }

  @Override
  public String toString() {
    return value.isEmpty() ? "<nil>" : value;
  }
}
