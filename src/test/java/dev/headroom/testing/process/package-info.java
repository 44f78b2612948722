/**
 * Real containers without a container runtime: a process confined in its own cgroup (v1's {@code
 * cpu}, {@code cpuacct} and {@code memory} hierarchies, or v2's unified one), with the CPU quota,
 * CPU weight and memory limit a kubelet derives from a container's resources, its counters read
 * back from the cgroup (what cAdvisor reports), and the kernel's OOM kills seen as a kubelet sees
 * them. Everything it creates is removed on close and at JVM exit. It may import {@code
 * testing.env} and the JDK only (its tests also drive load with {@code testing.load}).
 */
package dev.headroom.testing.process;
