package io.nflint.symbolic;

import io.nflint.host.HostBundleLoader;
import io.nflint.host.HostModel;
import io.nflint.host.LoadedBundle;
import io.nflint.host.NetInterface;
import io.nflint.ir.Family;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
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
        String shared = System.getProperty("nflint.shared");
        if (shared == null) {
            throw new AssertionError("system property nflint.shared is not set (surefire sets it)");
        }
        Path p = Path.of(shared, "corpus", "generated", engine, name);
        if (!Files.isDirectory(p)) {
            throw new AssertionError("corpus bundle not found: " + p.toAbsolutePath().normalize());
        }
        return p;
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
        LoadedBundle a = HostBundleLoader.load(bundle(engineName, before));
        LoadedBundle b = HostBundleLoader.load(bundle(engineName, after));
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
