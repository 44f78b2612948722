package dev.headroom.actuation;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Fabric8 model objects for the unit tests, written as the apiserver would return them. */
final class Models {
  static final KubernetesSerialization JSON = new KubernetesSerialization();

  private Models() {}

  static Deployment deployment(String yaml) {
    return JSON.unmarshal(yaml, Deployment.class);
  }

  static Pod pod(String yaml) {
    return JSON.unmarshal(yaml, Pod.class);
  }

  /** A Deployment with containers app and sidecar, Headroom owning what {@code fieldsV1} says. */
  static Deployment twoContainers(String headroomFieldsV1) {
    return deployment(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: ns
          generation: 3
          managedFields:
            - manager: argocd-controller
              operation: Apply
              apiVersion: apps/v1
              fieldsType: FieldsV1
              fieldsV1:
                f:spec:
                  f:template:
                    f:spec:
                      f:containers:
                        k:{"name":"app"}:
                          .: {}
                          f:image: {}
                          f:name: {}
            - manager: headroom
              operation: Apply
              apiVersion: apps/v1
              fieldsType: FieldsV1
              fieldsV1: %s
        spec:
          replicas: 4
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: app
                  image: example/app:1
                  resources:
                    requests: {cpu: 250m, memory: 128Mi}
                    limits: {cpu: "1", memory: 256Mi}
                - name: sidecar
                  image: example/sidecar:1
                  resources:
                    requests: {cpu: 50m, memory: "100000001"}
        status:
          replicas: 4
          readyReplicas: 3
        """
            .formatted(headroomFieldsV1));
  }
}
