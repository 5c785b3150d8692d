package io.nflint.host.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nflint.host.BundleFile;
import io.nflint.host.Sysctls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a host bundle by running read-only commands (dumps, {@code ip -j}, {@code sysctl},
 * {@code docker/podman inspect}, {@code ss}). A command that is missing or fails leaves its file
 * out, and the report says why; the loader then records an assumption for it.
 */
public final class BundleCollector {

    /** Interface names we are willing to put into a sysctl key; anything else is skipped. */
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.:-]{1,15}");

    /** Written into every bundle: whether inspect output was redacted, and what was taken out. */
    public static final String RECORD_FILE = "nflint-collect.json";

    /**
     * The commands that print the rules; at least one must work, and one that runs but may not read
     * the tables (no root) stops the collection. ebtables is optional: many hosts lack the bridge table.
     */
    private static final List<RulesDump> RULE_READERS = List.of(
            new RulesDump(BundleFile.IPTABLES, List.of("iptables-save"), null),
            new RulesDump(BundleFile.IP6TABLES, List.of("ip6tables-save"), null),
            new RulesDump(BundleFile.EBTABLES, List.of("ebtables-save"), null),
            new RulesDump(BundleFile.NFT_RULES, List.of("nft", "list", "ruleset"), null));

    /** One rules file: which, the command that prints it, and (once read) its bytes. */
    private record RulesDump(BundleFile file, List<String> argv, byte[] bytes) {
    }

    private final CommandRunner runner;
    private final boolean keepSecrets;
    private final List<CollectReport.Written> written = new ArrayList<>();
    private final List<CollectReport.Skipped> skipped = new ArrayList<>();
    private BundleDirectory out;

    public BundleCollector(CommandRunner runner) {
        this(runner, false);
    }

    /** {@code keepSecrets}: save inspect output verbatim, environment values and command lines included. */
    public BundleCollector(CommandRunner runner, boolean keepSecrets) {
        this.runner = runner;
        this.keepSecrets = keepSecrets;
    }

    /**
     * Writes the bundle into {@code outDir}, which must be new or empty. The rules are read first:
     * when a dump command fails (not root, no CAP_NET_ADMIN) nothing is written at all.
     */
    public CollectReport collect(Path outDir) throws IOException {
        written.clear();
        skipped.clear();
        List<RulesDump> dumps = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (RulesDump reader : RULE_READERS) {
            BundleFile f = reader.file();
            List<String> argv = reader.argv();
            int before = skipped.size();
            CommandResult r = run(f, argv);
            if (r != null && r.out().length == 0 && !r.firstErrorLine().isEmpty()) {
                // some versions exit 0 but print only an error when they may not read the tables
                skipped.add(new CollectReport.Skipped(f.fileName(), argv, argv.get(0) + " printed nothing: " + r.firstErrorLine()));
                r = null;
            }
            if (r != null) {
                dumps.add(new RulesDump(f, argv, r.out()));
            } else if (f != BundleFile.EBTABLES && skipped.size() > before && !skipped.get(before).reason().contains("could not be run")) {
                failures.add(skipped.get(before).reason());
            }
        }
        if (!failures.isEmpty() || dumps.isEmpty()) {
            String why = failures.isEmpty() ? skipped.stream().map(CollectReport.Skipped::reason)
                    .reduce((a, b) -> a + "; " + b).orElse("") : String.join("; ", failures);
            throw new RulesUnreadableException("could not read the rules (" + why + "); reading them needs root or "
                    + "CAP_NET_ADMIN (sudo nflint collect DIR); nothing was written");
        }
        out = BundleDirectory.create(outDir);
        for (RulesDump d : dumps) {
            write(d.file(), d.argv(), d.bytes());
        }
        if (dumps.stream().anyMatch(d -> d.file() == BundleFile.NFT_RULES)) {
            simple(BundleFile.NFT_JSON, List.of("nft", "-j", "list", "ruleset"), false);
            simple(BundleFile.NFT_HOOKS, List.of("nft", "list", "hooks"), false);
        }
        simple(BundleFile.IPSET, List.of("ipset", "save"), false);
        String addrJson = simple(BundleFile.IP_ADDR, List.of("ip", "-j", "addr"), true);
        simple(BundleFile.IP_ROUTE, List.of("ip", "-j", "route"), true);
        simple(BundleFile.IP6_ROUTE, List.of("ip", "-j", "-6", "route"), true);
        simple(BundleFile.IP_LINK, List.of("ip", "-j", "-d", "link"), true);
        simple(BundleFile.BRIDGE_LINK, List.of("bridge", "-d", "-j", "link", "show"), true);
        simple(BundleFile.BRIDGE_FDB, List.of("bridge", "-j", "fdb", "show"), true);
        sysctls(addrJson);
        engine(BundleFile.DOCKER_INSPECT, List.of("docker", "ps", "-aq"), List.of("docker", "inspect"));
        engine(BundleFile.DOCKER_NETWORK_INSPECT, List.of("docker", "network", "ls", "-q"),
                List.of("docker", "network", "inspect"));
        engine(BundleFile.PODMAN_INSPECT, List.of("podman", "ps", "-aq"), List.of("podman", "inspect"));
        engine(BundleFile.PODMAN_NETWORK_INSPECT, List.of("podman", "network", "ls", "-q"),
                List.of("podman", "network", "inspect"));
        simple(BundleFile.SS_LISTEN, List.of("ss", "-Hltnup"), false);
        String record = keepSecrets ? "{\"secrets\": \"kept\"}\n" : "{\"secrets\": \"redacted\", \"redacted\": ["
                + String.join(", ", InspectRedaction.FIELDS.stream().map(f -> "\"" + f + "\"").toList()) + "]}\n";
        out.write(RECORD_FILE, record.getBytes(StandardCharsets.UTF_8));
        return new CollectReport(written, skipped);
    }

    /** Runs one command into one file; returns its output, or null when the file was skipped. */
    private String simple(BundleFile file, List<String> argv, boolean json) throws IOException {
        CommandResult r = run(file, argv);
        if (r == null) {
            return null;
        }
        // some iproute2 versions print nothing instead of [] when there is nothing to list
        byte[] bytes = json && r.stdout().isBlank() ? "[]\n".getBytes(StandardCharsets.UTF_8) : r.out();
        write(file, argv, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Null (and a skip recorded) when the command cannot run or fails. */
    private CommandResult run(BundleFile file, List<String> argv) {
        CommandResult r;
        try {
            r = runner.run(argv);
        } catch (IOException e) {
            skipped.add(new CollectReport.Skipped(file.fileName(), argv, argv.get(0) + " could not be run ("
                    + e.getMessage() + "); is it installed?"));
            return null;
        }
        if (!r.ok()) {
            String why = r.firstErrorLine();
            skipped.add(new CollectReport.Skipped(file.fileName(), argv, String.join(" ", argv) + " exited with "
                    + r.exitCode() + (why.isEmpty() ? "" : ": " + why)));
            return null;
        }
        return r;
    }

    private void write(BundleFile file, List<String> argv, byte[] content) throws IOException {
        out.write(file.fileName(), content);
        written.add(new CollectReport.Written(file.fileName(), argv));
    }

    private void write(BundleFile file, List<String> argv, String content) throws IOException {
        write(file, argv, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The modelled keys plus route_localnet and rp_filter of every interface. {@code -e} makes
     * sysctl skip keys this kernel lacks (bridge-nf-call-* without br_netfilter) instead of failing.
     */
    private void sysctls(String addrJson) throws IOException {
        Set<String> keys = new LinkedHashSet<>(Sysctls.modelledDefaults().keySet());
        keys.add(Sysctls.IPV4_ALL_FORWARDING);
        keys.add(Sysctls.BRIDGE_NF_CALL_ARPTABLES);
        keys.add(Sysctls.ALL_RP_FILTER);
        keys.add(Sysctls.IPV6_ALL_DISABLE);
        for (String name : interfaceNames(addrJson)) {
            String key = name.replace('.', '/');
            keys.add("net.ipv4.conf." + key + ".route_localnet");
            keys.add("net.ipv4.conf." + key + ".rp_filter");
        }
        List<String> argv = new ArrayList<>(List.of("sysctl", "-e"));
        argv.addAll(keys);
        CommandResult r;
        try {
            r = runner.run(argv);
        } catch (IOException e) {
            skipped.add(new CollectReport.Skipped(BundleFile.SYSCTL.fileName(), argv, "sysctl could not be run ("
                    + e.getMessage() + ")"));
            return;
        }
        // sysctl -e still exits non-zero on some procps versions when a key is missing; keep what it printed
        List<String> lines = r.stdout().lines().filter(l -> l.contains("=")).toList();
        if (lines.isEmpty()) {
            skipped.add(new CollectReport.Skipped(BundleFile.SYSCTL.fileName(), argv, "sysctl printed no values"
                    + (r.firstErrorLine().isEmpty() ? "" : ": " + r.firstErrorLine())));
            return;
        }
        write(BundleFile.SYSCTL, argv, String.join("\n", lines) + "\n");
    }

    private static List<String> interfaceNames(String addrJson) {
        if (addrJson == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try {
            JsonNode root = new ObjectMapper().readTree(addrJson);
            for (JsonNode link : root) {
                String name = link.path("ifname").asText("");
                if (IFNAME.matcher(name).matches()) {
                    out.add(name);
                }
            }
        } catch (IOException e) {
            // the loader will report the malformed ip-addr.json; here we only lose per-interface keys
        }
        return out;
    }

    /** {@code docker inspect $(docker ps -aq)}, writing [] when there is nothing to inspect. */
    private void engine(BundleFile file, List<String> list, List<String> inspect)
            throws IOException {
        CommandResult ids = run(file, list);
        if (ids == null) {
            return;
        }
        List<String> idList = ids.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (idList.isEmpty()) {
            write(file, list, "[]\n");
            return;
        }
        List<String> argv = new ArrayList<>(inspect);
        // "--": an ID that starts with "-" is still an ID, never an option
        argv.add("--");
        argv.addAll(idList);
        CommandResult r = run(file, argv);
        if (r == null) {
            return;
        }
        if (r.stdout().isBlank()) {
            write(file, argv, "[]\n");
        } else if (keepSecrets || file == BundleFile.DOCKER_NETWORK_INSPECT || file == BundleFile.PODMAN_NETWORK_INSPECT) {
            write(file, argv, r.out());
        } else {
            try {
                write(file, argv, InspectRedaction.redact(r.out()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                skipped.add(new CollectReport.Skipped(file.fileName(), argv, String.join(" ", argv)
                        + " printed something that is not JSON; not saved, as it could not be redacted"));
            }
        }
    }
}
