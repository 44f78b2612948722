package dev.headroom.sim.observe;

/**
 * One scrape of one series (a pod's container, or the ingress in front of the pods).
 *
 * @param second when it was scraped
 * @param requests cumulative requests
 * @param errors cumulative failed requests
 * @param latencySumSeconds cumulative latency of successful requests
 * @param buckets cumulative latency bucket counts, the last one +Inf
 * @param cpuSeconds cumulative CPU time
 * @param cfsPeriods cumulative CFS periods (0 without a CPU limit)
 * @param cfsThrottledPeriods cumulative throttled CFS periods
 * @param workingSetBytes the working-set gauge
 * @param ready whether the pod was Ready (kube-state-metrics' view)
 * @param isPod false for the ingress series, which has only requests and errors
 */
record Sample(
    int second,
    double requests,
    double errors,
    double latencySumSeconds,
    double[] buckets,
    double cpuSeconds,
    double cfsPeriods,
    double cfsThrottledPeriods,
    long workingSetBytes,
    boolean ready,
    boolean isPod) {}
