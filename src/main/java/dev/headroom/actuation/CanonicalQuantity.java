package dev.headroom.actuation;

/**
 * Quantity strings in the form the apiserver itself prints, so that what Headroom applies reads
 * back unchanged: CPU in millicores ({@code 250m}) or whole cores ({@code 2}, which the apiserver
 * prints for {@code 2000m}); memory in {@code Gi} or {@code Mi} when exact, else plain bytes.
 */
public final class CanonicalQuantity {
  private static final long MI = 1L << 20;
  private static final long GI = 1L << 30;

  private CanonicalQuantity() {}

  /** {@code 250m}, {@code 1500m}, or {@code 2} for 2000 millicores. */
  public static String cpu(long millicores) {
    if (millicores <= 0) {
      throw new IllegalArgumentException("CPU must be positive: " + millicores + "m");
    }
    return millicores % 1000 == 0 ? Long.toString(millicores / 1000) : millicores + "m";
  }

  /** {@code 2Gi}, {@code 1536Mi}, or plain bytes such as {@code 100000001}. */
  public static String memory(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("memory must be positive: " + bytes + " bytes");
    }
    if (bytes % GI == 0) {
      return bytes / GI + "Gi";
    }
    if (bytes % MI == 0) {
      return bytes / MI + "Mi";
    }
    return Long.toString(bytes);
  }
}
