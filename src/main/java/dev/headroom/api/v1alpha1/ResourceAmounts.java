package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** An amount of CPU and memory. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceAmounts(
    @Size(max = 64)
        @Pattern(Formats.QUANTITY)
        @JsonPropertyDescription("CPU, as a quantity string of cores (e.g. 250m, \"1\").")
        String cpu,
    @Size(max = 64)
        @Pattern(Formats.QUANTITY)
        @JsonPropertyDescription("Memory, as a quantity string of bytes (e.g. 512Mi, 2Gi).")
        String memory) {}
