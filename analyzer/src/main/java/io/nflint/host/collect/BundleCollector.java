package io.nflint.host.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nflint.host.BundleFile;
import io.nflint.host.Sysctls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

    private final CommandRunner runner;
    private final List<CollectReport.Written> written = new ArrayList<>();
    private final List<CollectReport.Skipped> skipped = new ArrayList<>();

    public BundleCollector(CommandRunner runner) {
        this.runner = runner;
    }

    public CollectReport collect(Path outDir) throws IOException {
        written.clear();
        skipped.clear();
        Files.createDirectories(outDir);
        simple(outDir, BundleFile.IPTABLES, List.of("iptables-save"), false);
        simple(outDir, BundleFile.IP6TABLES, List.of("ip6tables-save"), false);
        simple(outDir, BundleFile.EBTABLES, List.of("ebtables-save"), false);
        simple(outDir, BundleFile.NFT_RULES, List.of("nft", "list", "ruleset"), false);
        simple(outDir, BundleFile.NFT_JSON, List.of("nft", "-j", "list", "ruleset"), false);
        simple(outDir, BundleFile.NFT_HOOKS, List.of("nft", "list", "hooks"), false);
        simple(outDir, BundleFile.IPSET, List.of("ipset", "save"), false);
        String addrJson = simple(outDir, BundleFile.IP_ADDR, List.of("ip", "-j", "addr"), true);
        simple(outDir, BundleFile.IP_ROUTE, List.of("ip", "-j", "route"), true);
        simple(outDir, BundleFile.IP6_ROUTE, List.of("ip", "-j", "-6", "route"), true);
        simple(outDir, BundleFile.IP_LINK, List.of("ip", "-j", "-d", "link"), true);
        simple(outDir, BundleFile.BRIDGE_LINK, List.of("bridge", "-d", "-j", "link", "show"), true);
        sysctls(outDir, addrJson);
        engine(outDir, BundleFile.DOCKER_INSPECT, List.of("docker", "ps", "-aq"), List.of("docker", "inspect"));
        engine(outDir, BundleFile.DOCKER_NETWORK_INSPECT, List.of("docker", "network", "ls", "-q"),
                List.of("docker", "network", "inspect"));
        engine(outDir, BundleFile.PODMAN_INSPECT, List.of("podman", "ps", "-aq"), List.of("podman", "inspect"));
        engine(outDir, BundleFile.PODMAN_NETWORK_INSPECT, List.of("podman", "network", "ls", "-q"),
                List.of("podman", "network", "inspect"));
        simple(outDir, BundleFile.SS_LISTEN, List.of("ss", "-Hltnup"), false);
        return new CollectReport(written, skipped);
    }

    /** Runs one command into one file; returns its output, or null when the file was skipped. */
    private String simple(Path outDir, BundleFile file, List<String> argv, boolean json) throws IOException {
        CommandResult r = run(file, argv);
        if (r == null) {
            return null;
        }
        String out = r.stdout();
        // some iproute2 versions print nothing instead of [] when there is nothing to list
        if (json && out.isBlank()) {
            out = "[]\n";
        }
        write(outDir, file, argv, out);
        return out;
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

    private void write(Path outDir, BundleFile file, List<String> argv, String content) throws IOException {
        Files.writeString(outDir.resolve(file.fileName()), content, StandardCharsets.UTF_8);
        written.add(new CollectReport.Written(file.fileName(), argv));
    }

    /**
     * The modelled keys plus route_localnet and rp_filter of every interface. {@code -e} makes
     * sysctl skip keys this kernel lacks (bridge-nf-call-* without br_netfilter) instead of failing.
     */
    private void sysctls(Path outDir, String addrJson) throws IOException {
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
        write(outDir, BundleFile.SYSCTL, argv, String.join("\n", lines) + "\n");
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
    private void engine(Path outDir, BundleFile file, List<String> list, List<String> inspect)
            throws IOException {
        CommandResult ids = run(file, list);
        if (ids == null) {
            return;
        }
        List<String> idList = ids.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (idList.isEmpty()) {
            write(outDir, file, list, "[]\n");
            return;
        }
        List<String> argv = new ArrayList<>(inspect);
        argv.addAll(idList);
        CommandResult r = run(file, argv);
        if (r != null) {
            write(outDir, file, argv, r.stdout().isBlank() ? "[]\n" : r.stdout());
        }
    }
}
