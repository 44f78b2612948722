/**
 * A small typed PromQL: metric and label names that are validated when made, label matchers whose
 * values are escaped when rendered, durations in Prometheus' syntax, the few functions and
 * aggregations Headroom uses, and custom query templates whose placeholders are filled only where a
 * value can not change the query's meaning. Nothing here concatenates user input into a query as
 * text. It owns the syntax and nothing about what a query means; it may import only the JDK.
 */
package dev.headroom.signals.promql;
