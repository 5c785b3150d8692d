package io.nflint.truth;

import static io.nflint.kernel.Proto.TCP;
import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.host.HostBundleLoader;
import io.nflint.host.LoadedBundle;
import io.nflint.ir.Ip;
import io.nflint.ir.Ruleset;
import io.nflint.kernel.KernelAssumptions;
import io.nflint.kernel.KernelLab;
import io.nflint.kernel.Observation;
import io.nflint.kernel.ProbeResult;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import io.nflint.walk.HostModelView;
import io.nflint.walk.Outcome;
import io.nflint.walk.Packet;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.WalkVerdict;
import io.nflint.walk.Walker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source address of locally generated and MASQUERADEd packets, the walker against the kernel,
 * on a host whose bundle nflint's own collector takes from the lab namespace. The host has two
 * subnets on its uplink (the default gateway in the second), a route with {@code src}, a device
 * without an address, a global address on lo and two IPv6 prefixes, so the kernel's choices
 * (inet_select_addr: the address in the next hop's subnet, devices in index order when the out
 * device has none, {@code src} of the route for local packets but not for MASQUERADE;
 * ipv6_dev_get_saddr: the longest matching prefix) differ from "the out device's first address".
 * An OUTPUT rule matching {@code -s} shows why it matters.
 */
@Tag("kernel")
class SourceAddressKernelTest {

    private static final String ENGINE = "engine";
    private static final String OUTSIDE = "outside";
    private static final String FAR = "far";
    private static final String WEB = "web";

    private static final String RULES = """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            -A OUTPUT -s 203.0.113.1/32 -p tcp -m tcp --dport 7001 -j REJECT --reject-with tcp-reset
            COMMIT
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
            COMMIT
            """;

    record Probe(String from, String address, int port) {
        @Override
        public String toString() {
            return from + " -> tcp " + address + ":" + port;
        }
    }

    @BeforeAll
    static void needsKernelLab() {
        KernelAssumptions.assumeKernelLab();
    }

    private static void build(KernelLab lab) {
        for (String ns : List.of(ENGINE, OUTSIDE, FAR, WEB)) {
            lab.addNamespace(ns);
        }
        lab.addVeth(ENGINE, "ext0", OUTSIDE, "out0");
        lab.addVeth(ENGINE, "tun0", FAR, "eth0");
        lab.addAddress(ENGINE, "lo", "192.0.2.1/32");
        for (String a : List.of("198.51.100.1/24", "203.0.113.1/24", "2001:db8:1::1/64", "2001:db8:2::1/64")) {
            lab.addAddress(ENGINE, "ext0", a);
        }
        for (String a : List.of("198.51.100.2/24", "203.0.113.2/24", "2001:db8:1::2/64", "2001:db8:2::2/64")) {
            lab.addAddress(OUTSIDE, "out0", a);
        }
        for (String a : List.of("100.64.0.7/32", "100.64.1.7/32", "2001:db8:99::7/128")) {
            lab.addAddress(OUTSIDE, "lo", a);
        }
        lab.addRoute(ENGINE, "default", "203.0.113.2");
        lab.ip(ENGINE, "route", "add", "100.64.1.0/24", "via", "198.51.100.2", "src", "192.0.2.1");
        lab.ip(ENGINE, "route", "add", "10.99.0.0/16", "dev", "tun0");
        lab.addRoute(ENGINE, "default", "2001:db8:2::2");
        lab.addRoute(OUTSIDE, "172.16.0.0/12", "198.51.100.1");
        lab.addRoute(OUTSIDE, "192.0.2.1/32", "198.51.100.1");
        lab.addAddress(FAR, "eth0", "10.99.0.2/16");
        lab.ip(FAR, "route", "add", "default", "dev", "eth0");
        lab.addBridge(ENGINE, "docker0");
        lab.addAddress(ENGINE, "docker0", "172.17.0.1/16");
        lab.addVeth(ENGINE, "v-web", WEB, "eth0");
        lab.attachToBridge(ENGINE, "v-web", "docker0");
        lab.addAddress(WEB, "eth0", "172.17.0.2/16");
        lab.addRoute(WEB, "default", "172.17.0.1");
        lab.setIpForward(ENGINE, true);
        lab.restore(ENGINE, RULES);
        lab.listen(OUTSIDE, TCP, 7000);
        lab.listen(OUTSIDE, TCP, 7001);
        lab.listen6(OUTSIDE, TCP, 7000);
        lab.listen(FAR, TCP, 7000);
        lab.listen(WEB, TCP, 80);
    }

    @Test
    void walkerPicksTheSourceTheKernelPicks(@TempDir Path bundle) throws Exception {
        List<Probe> probes = List.of(
                new Probe(ENGINE, "100.64.0.7", 7000),      // default via 203.0.113.2: the address in the gateway's subnet
                new Probe(ENGINE, "100.64.0.7", 7001),      // ... which OUTPUT's -s 203.0.113.1 then rejects
                new Probe(ENGINE, "100.64.1.7", 7000),      // the route's src
                new Probe(ENGINE, "203.0.113.2", 7000),     // connected: the subnet's own address
                new Probe(ENGINE, "10.99.0.2", 7000),       // tun0 has no address: lo's global one
                new Probe(ENGINE, "172.17.0.2", 80),        // the bridge's address
                new Probe(ENGINE, "2001:db8:2::2", 7000),   // IPv6: the longest matching prefix
                new Probe(ENGINE, "2001:db8:1::2", 7000),
                new Probe(ENGINE, "2001:db8:99::7", 7000),  // IPv6 default route, no prefix closer than the other
                new Probe(WEB, "100.64.0.7", 7000),         // MASQUERADE: the out device's address in the next hop's subnet
                new Probe(WEB, "100.64.1.7", 7000));        // MASQUERADE ignores the route's src
        List<String> disagreements = new ArrayList<>();
        try (KernelLab lab = KernelLab.open()) {
            build(lab);
            lab.collectBundle(ENGINE, bundle);
            LoadedBundle loaded = HostBundleLoader.load(bundle);
            Ruleset rules = DumpParser.parse("source-address.rules", RULES, ParseOptions.DETECT);
            Walker walker = new Walker(new HostModelView(loaded.host()), List.of(rules));
            for (Probe p : probes) {
                int sport = ThreadLocalRandom.current().nextInt(42000, 60000);
                Observation kernel = lab.probe(p.from(), TCP, p.address(), p.port(), sport);
                String route = p.from().equals(ENGINE) ? lab.routeGet(ENGINE, p.address()) : "";
                String walk = predict(walker, p, sport);
                String seen = kernel.result() == ProbeResult.ANSWERED ? "answered src " + GroundTruth.ip(kernel.sourceSeen())
                        : kernel.result().wire();
                boolean ok = seen.equals(walk);
                System.out.printf("[kernel source] %-4s %-36s kernel: %-32s walk: %-32s (%s)%n", ok ? "ok" : "DIFF", p, seen, walk,
                        route);
                if (!ok) {
                    disagreements.add(p + ": kernel " + seen + " (" + route + "), walk " + walk);
                }
            }
        }
        assertThat(disagreements).isEmpty();
    }

    private static String predict(Walker walker, Probe p, int sport) {
        Ip dst = GroundTruth.ip(p.address());
        WalkRequest req = p.from().equals(ENGINE) ? WalkRequest.local(Packet.tcp(null, sport, dst, p.port()))
                : WalkRequest.arriving("v-web", Packet.tcp(GroundTruth.ip("172.17.0.2"), sport, dst, p.port()));
        List<String> answers = new ArrayList<>();
        for (Outcome o : walker.walk(req).outcomes()) {
            if (o.verdict() == WalkVerdict.REJECT) {
                answers.add(ProbeWalks.rejectResult(o.rejectWith(), false));
            } else if (o.verdict() != WalkVerdict.ACCEPT) {
                answers.add("timeout");
            } else {
                answers.add("answered src " + o.packet().src());
            }
        }
        return answers.size() == 1 ? answers.get(0) : "fork " + answers;
    }
}
