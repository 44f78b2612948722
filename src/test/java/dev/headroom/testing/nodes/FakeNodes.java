package dev.headroom.testing.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The Node objects a fake node agent registers and the status it heartbeats. */
public final class FakeNodes {
  static final String LABEL = "headroom.dev/fake-node";

  /**
   * On process-backed nodes: only pods that tolerate it (and so run a program of the {@link
   * ImageTable}) land there, not other tests' Deployments.
   */
  public static final String PROCESS_NODE_TAINT = "headroom.dev/process-node";

  /** Added by the TaintNodesByCondition admission plugin to every new Node. */
  static final String NOT_READY_TAINT = "node.kubernetes.io/not-ready";

  private FakeNodes() {}

  static Node node(
      String name, String ip, FakeNodeAgent.Options options, boolean processes, Instant now) {
    Map<String, Quantity> capacity =
        Map.of(
            "cpu", new Quantity(options.cpu()),
            "memory", new Quantity(options.memory()),
            "pods", new Quantity(Integer.toString(options.maxPods())));
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels(LABEL, "true")
        .addToLabels(PROCESS_NODE_TAINT, Boolean.toString(processes))
        .addToLabels("kubernetes.io/hostname", name)
        .addToLabels("kubernetes.io/os", "linux")
        .addToLabels("kubernetes.io/arch", "amd64")
        .addToLabels("node.kubernetes.io/instance-type", "fake")
        .endMetadata()
        .withNewSpec()
        .withTaints(
            processes
                ? List.of(new Taint("NoSchedule", PROCESS_NODE_TAINT, null, "true"))
                : List.of())
        .endSpec()
        .withNewStatus()
        .withCapacity(capacity)
        .withAllocatable(capacity)
        .withConditions(conditions(now))
        .addNewAddress()
        .withType("InternalIP")
        .withAddress(ip)
        .endAddress()
        .addNewAddress()
        .withType("Hostname")
        .withAddress(name)
        .endAddress()
        .withNewNodeInfo()
        .withArchitecture("amd64")
        .withOperatingSystem("linux")
        .withOsImage("fake node (Headroom tests)")
        .withKernelVersion("fake")
        .withContainerRuntimeVersion("fake://1.0")
        .withKubeletVersion("v1.20.2-fake")
        .withKubeProxyVersion("v1.20.2-fake")
        .withMachineID(name)
        .withSystemUUID(name)
        .withBootID(name)
        .endNodeInfo()
        .endStatus()
        .build();
  }

  /** A kubelet's conditions of a healthy node, heartbeat now. */
  static List<NodeCondition> conditions(Instant now) {
    return List.of(
        condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now),
        condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "", now),
        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "", now),
        condition("PIDPressure", "False", "KubeletHasSufficientPID", "", now));
  }

  static boolean hasNotReadyTaint(Node node) {
    return taints(node).stream().anyMatch(t -> NOT_READY_TAINT.equals(t.getKey()));
  }

  static List<Taint> taints(Node node) {
    return node.getSpec() == null || node.getSpec().getTaints() == null
        ? List.of()
        : node.getSpec().getTaints();
  }

  private static NodeCondition condition(
      String type, String status, String reason, String message, Instant now) {
    return new NodeConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastHeartbeatTime(now.toString())
        .withLastTransitionTime(now.toString())
        .build();
  }
}
