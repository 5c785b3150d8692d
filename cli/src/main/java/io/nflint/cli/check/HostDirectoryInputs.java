package io.nflint.cli.check;

import io.nflint.cli.NflintException;
import io.nflint.ir.Family;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a host bundle directory for {@code check}: for now only its three dumps. This is the one
 * place to replace with the analyzer's {@code io.nflint.host.HostBundleLoader}, which also reads
 * addresses, routes, sysctls and ipsets.
 */
final class HostDirectoryInputs {

    /** File name → family, in the order findings are listed. */
    static final Map<String, Family> DUMPS = new LinkedHashMap<>();

    static {
        DUMPS.put("iptables.rules", Family.IPV4);
        DUMPS.put("ip6tables.rules", Family.IPV6);
        DUMPS.put("ebtables.rules", Family.BRIDGE);
    }

    private HostDirectoryInputs() {
    }

    static InputSource read(String argument, Path shownDir, Path actualDir) {
        List<DumpInput> dumps = new ArrayList<>();
        for (Map.Entry<String, Family> e : DUMPS.entrySet()) {
            Path p = actualDir.resolve(e.getKey());
            if (Files.exists(p)) {
                Path shown = shownDir.resolve(e.getKey());
                dumps.add(new DumpInput(InputReader.display(shown), InputReader.readFile(p, shown), e.getValue()));
            }
        }
        if (dumps.isEmpty()) {
            throw NflintException.unreadable(argument,
                    "directory holds none of " + String.join(", ", DUMPS.keySet()));
        }
        return new InputSource(argument, dumps);
    }
}
