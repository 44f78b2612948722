package dev.headroom.testing.crd;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL type of every schema node, declared the way the apiserver declares them so that rules
 * which would not compile in a cluster do not compile here either: objects with properties are
 * structs with exactly those fields (unknown preserved fields are invisible), maps are {@code
 * map(string, T)}, arrays {@code list(T)}, int-or-string and untyped nodes {@code dyn}. The root
 * and embedded resources also get {@code apiVersion}, {@code kind} and {@code
 * metadata.name/generateName}.
 */
final class CelTypes implements CelTypeProvider {

  private final Map<Schema, CelType> bySchema = new IdentityHashMap<>();
  private final List<CelType> structs = new ArrayList<>();

  CelTypes(Schema root) {
    declare(root, "Object", true);
  }

  CelType typeOf(Schema schema) {
    CelType type = bySchema.get(schema);
    if (type == null) {
      throw new IllegalArgumentException("schema node is not part of this CRD");
    }
    return type;
  }

  @Override
  public ImmutableCollection<CelType> types() {
    return ImmutableList.copyOf(structs);
  }

  @Override
  public Optional<CelType> findType(String name) {
    return structs.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  private CelType declare(Schema schema, String name, boolean withObjectMeta) {
    CelType type = compute(schema, name, withObjectMeta || schema.embeddedResource);
    bySchema.put(schema, type);
    return type;
  }

  private CelType compute(Schema schema, String name, boolean withObjectMeta) {
    if (schema.intOrString) {
      return SimpleType.DYN;
    }
    return switch (schema.type) {
      case "object" -> object(schema, name, withObjectMeta);
      case "array" ->
          schema.items == null
              ? ListType.create(SimpleType.DYN)
              : ListType.create(declare(schema.items, name + "._items", false));
      case "string" -> SimpleType.STRING;
      case "integer" -> SimpleType.INT;
      case "number" -> SimpleType.DOUBLE;
      case "boolean" -> SimpleType.BOOL;
      default -> {
        declareChildren(schema, name);
        yield SimpleType.DYN;
      }
    };
  }

  private CelType object(Schema schema, String name, boolean withObjectMeta) {
    if (schema.additionalProperties != null) {
      return MapType.create(
          SimpleType.STRING, declare(schema.additionalProperties, name + "._values", false));
    }
    Map<String, CelType> fields = new LinkedHashMap<>();
    if (withObjectMeta) {
      fields.put("apiVersion", SimpleType.STRING);
      fields.put("kind", SimpleType.STRING);
      fields.put("metadata", struct(name + ".metadata", objectMetaFields()));
    }
    schema.properties.forEach(
        (property, sub) -> {
          Optional<String> escaped = CelNames.escape(property);
          CelType type = declare(sub, name + "." + escaped.orElse("_unnamed"), false);
          boolean typed = sub.intOrString || !sub.type.isEmpty();
          if (escaped.isPresent() && typed && !(withObjectMeta && isObjectMeta(property))) {
            fields.put(escaped.get(), type);
          }
        });
    return struct(name, fields);
  }

  private void declareChildren(Schema schema, String name) {
    schema.properties.forEach((property, sub) -> declare(sub, name + "." + property, false));
    if (schema.items != null) {
      declare(schema.items, name + "._items", false);
    }
    if (schema.additionalProperties != null) {
      declare(schema.additionalProperties, name + "._values", false);
    }
  }

  private CelType struct(String name, Map<String, CelType> fields) {
    Map<String, CelType> copy = Map.copyOf(fields);
    StructType type =
        StructType.create(
            name, ImmutableSet.copyOf(fields.keySet()), f -> Optional.ofNullable(copy.get(f)));
    structs.add(type);
    return type;
  }

  private static Map<String, CelType> objectMetaFields() {
    Map<String, CelType> fields = new LinkedHashMap<>();
    fields.put("name", SimpleType.STRING);
    fields.put("generateName", SimpleType.STRING);
    return fields;
  }

  private static boolean isObjectMeta(String property) {
    return property.equals("apiVersion") || property.equals("kind") || property.equals("metadata");
  }
}
