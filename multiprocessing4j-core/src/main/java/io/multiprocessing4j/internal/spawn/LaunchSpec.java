package io.multiprocessing4j.internal.spawn;

import java.util.List;
import java.util.Map;

/**
 * What a worker JVM is started with beyond the defaults. Two requests with equal specs may share a
 * warm spare; anything else starts cold.
 *
 * @param jvmOptions extra JVM options
 * @param environment extra environment variables
 */
public record LaunchSpec(List<String> jvmOptions, Map<String, String> environment) {
    public static final LaunchSpec DEFAULT = new LaunchSpec(List.of(), Map.of());

    public LaunchSpec {
        jvmOptions = List.copyOf(jvmOptions);
        environment = Map.copyOf(environment);
    }
}
