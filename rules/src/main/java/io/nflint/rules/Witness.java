package io.nflint.rules;

import java.util.List;

/**
 * A concrete packet that shows a finding, with the path it takes: {@code packet} as one line
 * ({@code tcp 198.51.100.20:40001 -> 198.51.100.10:8080, in eth0}) and the trace steps in the
 * kernel's TRACE vocabulary ({@code nat:PREROUTING:rule:1}).
 */
public record Witness(String packet, List<String> trace, String outcome) {
    public Witness {
        trace = List.copyOf(trace);
    }
}
