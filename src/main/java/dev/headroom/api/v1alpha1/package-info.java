/**
 * The {@code headroom.dev/v1alpha1} API: the PerformancePolicy custom resource as Java records,
 * with the schema annotations (OpenAPI constraints, CEL rules, descriptions, printer columns) from
 * which the CRD in {@code crds/} is generated. It owns the shape users write and the status the
 * operator reports, and nothing else: no behaviour beyond applying schema defaults and parsing the
 * syntaxes the schema accepts. It may import Jackson and Fabric8's model and generator annotations;
 * nothing else in Headroom may be imported here.
 */
package dev.headroom.api.v1alpha1;
