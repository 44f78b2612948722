package dev.headroom.api.v1alpha1;

/** Patterns shared by the schema: the syntaxes users already know from Kubernetes and Go. */
public final class Formats {
  /**
   * A Go duration such as {@code 30s}, {@code 1m30s}, {@code 250ms}: what CEL's duration() parses.
   */
  public static final String DURATION = "^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$";

  /**
   * A non-negative Kubernetes quantity such as {@code 250m}, {@code 2}, {@code 512Mi}, {@code
   * 1.5Gi}.
   */
  public static final String QUANTITY =
      "^(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

  /** A DNS-1123 subdomain: the names of Deployments, Secrets and most other objects. */
  public static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A DNS-1123 label: container names. */
  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** A Prometheus metric name. */
  public static final String METRIC_NAME = "^[a-zA-Z_:][a-zA-Z0-9_:]*$";

  /** A Prometheus label name. */
  public static final String LABEL_NAME = "^[a-zA-Z_][a-zA-Z0-9_]*$";

  /** An HTTP header field name (RFC 9110 token). */
  public static final String HEADER_NAME = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";

  private Formats() {}
}
