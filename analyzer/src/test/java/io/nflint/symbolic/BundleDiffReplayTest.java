package io.nflint.symbolic;

import io.nflint.host.HostBundleLoader;
import io.nflint.host.HostModel;
import io.nflint.host.LoadedBundle;
import io.nflint.host.NetInterface;
import io.nflint.ir.Family;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code diff} of two bundles dockerd and podman wrote: every witness is a packet of the bundle's
 * real host (its interfaces, addresses and routes), and the concrete walker, run on that host,
 * replays it to the outcome the solver claims on both sides.
 */
class BundleDiffReplayTest extends WithEngine {

    static Path bundle(String engine, String name) {
        return io.nflint.host.Corpus.bundle(engine, name);
    }

    static Ruleset rules(LoadedBundle b, Family f) throws Exception {
        Path p = (f == Family.IPV4 ? b.iptablesRules() : f == Family.IPV6 ? b.ip6tablesRules() : b.ebtablesRules()).orElse(null);
        String text = p == null ? "" : Files.readString(p);
        return DumpParser.parse(p == null ? "<none>" : p.toString(), text, new ParseOptions(f, null));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource({
        "docker-20.10.24, a-default-bridge-no-ports, b-default-bridge-publish-8080",
        "docker-20.10.24, b-default-bridge-publish-8080, c-two-containers-multi-publish",
        "docker-20.10.24, l-stop-restart-1-running, l-stop-restart-2-web1-stopped",
        "docker-20.10.24, b-default-bridge-publish-8080, e-icc-false",
        "podman-4.3.1, netavark-b-default-net-publish-8080, netavark-c-two-containers-multi-publish",
    })
    void everyWitnessIsOnTheBundlesHostAndReplays(String engineName, String before, String after) throws Exception {
        assertWitnessesOnTheHostReplay(HostBundleLoader.load(bundle(engineName, before)),
                HostBundleLoader.load(bundle(engineName, after)));
    }

    /** A bundle and its copy with one rule changed: an INPUT drop for ssh on the uplink, and the published port moved. */
    @Test
    void aBundleAndAnEditedCopyOfIt(@TempDir Path tmp) throws Exception {
        Path src = bundle("docker-20.10.24", "b-default-bridge-publish-8080");
        Path copy = copyBundle(src, tmp.resolve("edited"));
        String rules = Files.readString(copy.resolve("iptables.rules"));
        String edited = rules.replace("--dport 8080 -j DNAT", "--dport 8081 -j DNAT")
                .replaceFirst(":INPUT ACCEPT \\[0:0\\]\n", ":INPUT ACCEPT [0:0]\n-A INPUT -i ext0 -p tcp -m tcp --dport 22 -j DROP\n");
        // the first INPUT chain is the filter table's
        assertThat(edited).as("the copy's rules were edited").isNotEqualTo(rules).contains("--dport 22 -j DROP", "--dport 8081");
        Files.writeString(copy.resolve("iptables.rules"), edited);
        assertWitnessesOnTheHostReplay(HostBundleLoader.load(src), HostBundleLoader.load(copy));
    }

    /**
     * Without route files the solver leaves routes open: witnesses still name only the host's
     * interfaces, and replay on the bundle's host with the routes the model chose.
     */
    @Test
    void routesLeftOpenStillNameOnlyTheHostsInterfaces(@TempDir Path tmp) throws Exception {
        Path a = copyBundle(bundle("docker-20.10.24", "a-default-bridge-no-ports"), tmp.resolve("a"));
        Path b = copyBundle(bundle("docker-20.10.24", "c-two-containers-multi-publish"), tmp.resolve("c"));
        for (Path p : List.of(a, b)) {
            Files.delete(p.resolve("ip-route.json"));
            Files.deleteIfExists(p.resolve("ip6-route.json"));
        }
        LoadedBundle la = HostBundleLoader.load(a);
        assertThat(io.nflint.symbolic.z3.HostFacts.of(la.host(), false).routesKnown()).as("routes left open").isFalse();
        assertWitnessesOnTheHostReplay(la, HostBundleLoader.load(b));
    }

    static Path copyBundle(Path from, Path to) throws java.io.IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, to.resolve(f.getFileName().toString()));
                }
            }
        }
        return to;
    }

    private static void assertWitnessesOnTheHostReplay(LoadedBundle a, LoadedBundle b) throws Exception {
        Set<String> names = new TreeSet<>();
        for (HostModel h : List.of(a.host(), b.host())) {
            h.interfaces().stream().map(NetInterface::name).forEach(names::add);
        }
        int total = 0;
        List<String> bad = new ArrayList<>();
        for (Family f : List.of(Family.IPV4, Family.IPV6)) {
            DiffContext ctx = new DiffContext(a.host(), b.host(), rules(a, Family.BRIDGE), rules(b, Family.BRIDGE));
            SemanticDiff d = engine.diff(rules(a, f), rules(b, f), 3, ctx);
            for (SemanticDiff.Difference x : d.differences()) {
                total++;
                WitnessPacket w = x.witness();
                for (String iface : new String[] {w.inIface(), w.outIface(), x.oldOutcome().translated() == null ? null
                        : x.oldOutcome().translated().outIface(), x.newOutcome().translated() == null ? null
                        : x.newOutcome().translated().outIface()}) {
                    if (iface != null && !names.contains(iface)) {
                        bad.add(f + " " + x.entry() + " " + w.describe() + ": names " + iface + ", not an interface of the host " + names);
                    }
                }
                if (!x.confirmed()) {
                    bad.add(f + " " + x.entry() + " " + w.describe() + ": " + x.replay().status() + " " + x.replay().notes());
                }
            }
        }
        assertThat(total).as("the bundles' rule sets differ").isPositive();
        assertThat(bad).as("witnesses off the bundle's host or not replayed").isEmpty();
    }
}
