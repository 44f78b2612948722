/**
 * Test-only reproduction of kube-apiserver's create-time handling of a custom resource against an
 * {@code apiextensions.k8s.io/v1} CRD file: null pruning and defaulting, strict unknown-field
 * rejection, kind/apiVersion/name checks, OpenAPI v3 structural-schema validation, list-type
 * invariants and {@code x-kubernetes-validations} CEL rules (with the Kubernetes quantity library),
 * all reported as the exact error lines {@code kubectl} prints. It owns that reproduction and
 * nothing else: its public surface is {@link dev.headroom.testing.crd.CrdSchemaValidator}, {@link
 * dev.headroom.testing.crd.ValidationResult} and {@link dev.headroom.testing.crd.FieldError}, and
 * everything else stays package-private. It may import the JDK, Jackson (YAML parsing) and cel-java
 * with the Guava and protobuf types cel-java's API exposes; it must not import Headroom production
 * code or fabric8, so it validates whatever CRD file it is given, generated or hand-written.
 */
package dev.headroom.testing.crd;
