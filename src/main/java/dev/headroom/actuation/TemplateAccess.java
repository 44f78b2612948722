package dev.headroom.actuation;

/** How Headroom changes the containers' resources in a kind's pod template, if it can. */
public enum TemplateAccess {
  /**
   * Server-side apply of {@code spec.template.spec.containers[].resources}: the built-in workload
   * kinds, whose schema merges the containers list by name, so an apply naming one container
   * touches only that container and Headroom owns exactly the values it sets.
   */
  SERVER_SIDE_APPLY,

  /**
   * A JSON patch of {@code spec.template.spec.containers[i].resources}, each preceded by a test of
   * the container's name at that index and of the object's resourceVersion: a custom resource's
   * schema may keep the template as unknown fields (Argo Rollouts' CRD does), where a server-side
   * apply of one container would replace the whole list.
   */
  JSON_PATCH,

  /**
   * No pod template Headroom knows the path of: resources are changed only in place (running pods'
   * {@code resize}), or reported and not applied.
   */
  NONE
}
