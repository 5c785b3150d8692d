package io.nflint.cli.config;

import io.nflint.rules.Severity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code .nflint.yaml}, validated. {@code enable} empty means every check; IDs may be prefixes
 * ({@code NFL3} = all 3xx checks). {@code file} is null when no config was found.
 */
public record Config(Path file, Set<String> enable, Set<String> disable, Map<String, Severity> severity,
                     Optional<FailLevel> failOn, List<IgnoreEntry> ignore, HostAssumptions host) {

    public static final Config NONE = new Config(null, Set.of(), Set.of(), Map.of(), Optional.empty(), List.of(),
            HostAssumptions.NONE);

    public Config {
        enable = Set.copyOf(enable);
        disable = Set.copyOf(disable);
        severity = Map.copyOf(severity);
        ignore = List.copyOf(ignore);
    }
}
