package io.nflint.truth;

import static io.nflint.kernel.DockerLikeTopology.ENGINE;
import static io.nflint.kernel.DockerLikeTopology.OUTSIDE;
import static io.nflint.kernel.Proto.ICMP;
import static io.nflint.kernel.Proto.TCP;
import static io.nflint.kernel.Proto.UDP;
import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ruleset;
import io.nflint.kernel.KernelAssumptions;
import io.nflint.kernel.KernelLab;
import io.nflint.kernel.Observation;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import io.nflint.truth.KernelAgreementTest.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The walker against the kernel on IPv6 (ip6tables-restore, ICMPv6 echo, TCP and UDP over IPv6, IPv6
 * REJECT variants) and on ebtables over bridged frames, on both iptables backends: the dumps of
 * samples/trace l and m are restored next to scenario a's iptables rules, each probe is sent in the
 * lab and walked over the same {@link LabSpec}'s host model with all three rule sets.
 *
 * <p>ebtables-legacy needs the kernel's ebtables tables (CONFIG_BRIDGE_EBT_*); where the kernel lacks
 * them (this one: "The kernel doesn't support the ebtables 'filter' table") the legacy case of the
 * ebtables scenario is skipped with that message; both backends program the same bridge hooks.
 */
@Tag("kernel")
class Ipv6AndBridgeKernelAgreementTest {

    private static final String WEB = "web";
    private static final String WEB6 = "fd00:17::2";
    private static final String GATEWAY6 = "fd00:17::1";
    private static final String UPLINK6 = "2001:db8:1::1";
    private static final String OUTSIDE6 = "2001:db8:1::2";

    /**
     * Probes where the walker is known to differ from the kernel, with the class of issue #21 that
     * covers it. The test fails when a listed probe agrees (remove it) and on any other disagreement.
     */
    private static final Map<String, String> KNOWN_GAPS = Map.of();

    /** {@code probeTimeout}: null for the lab's default; longer where the sender must give up resolving first. */
    record Scenario(String name, String v4, String v6, String eb, LabSpec spec, List<Probe> probes, Duration probeTimeout) {
        Scenario(String name, String v4, String v6, String eb, LabSpec spec, List<Probe> probes) {
            this(name, v4, v6, eb, spec, probes, null);
        }
    }

    private static final Tally TALLY = new Tally();

    @BeforeAll
    static void needsKernelLab() {
        KernelAssumptions.assumeKernelLab();
    }

    @AfterAll
    static void report() {
        System.out.println("[kernel-agreement v6/bridge] " + TALLY.summary());
    }

    static List<Scenario> scenarios() {
        List<Scenario> s = new ArrayList<>();
        LabSpec l = LabSpec.oneWeb().bridge6("docker0", GATEWAY6 + "/64").container6(WEB, WEB6)
                .listen6(WEB, TCP, 80).listen6(WEB, TCP, 81).listen6(WEB, TCP, 82).listen6(WEB, UDP, 83)
                .listen6(WEB, TCP, 2222).listen6(OUTSIDE, TCP, 7000).listen6(OUTSIDE, UDP, 7001);
        s.add(new Scenario("l IPv6 published port", "a-published-port.rules", "l-ipv6-published-port.rules", null, l, List.of(
                Probe.of(OUTSIDE, TCP, UPLINK6, 8080), Probe.of(OUTSIDE, TCP, WEB6, 80), Probe.of(OUTSIDE, TCP, WEB6, 2222),
                Probe.of(OUTSIDE, TCP, WEB6, 81), Probe.of(OUTSIDE, TCP, WEB6, 82), Probe.of(OUTSIDE, UDP, WEB6, 83),
                Probe.of(OUTSIDE, ICMP, WEB6, 0), Probe.of(OUTSIDE, ICMP, UPLINK6, 0),
                Probe.of(OUTSIDE, TCP, UPLINK6, 22), Probe.of(OUTSIDE, TCP, UPLINK6, 2222),
                Probe.of(WEB, TCP, OUTSIDE6, 7000), Probe.of(WEB, UDP, OUTSIDE6, 7001), Probe.of(WEB, ICMP, OUTSIDE6, 0),
                Probe.of(WEB, TCP, GATEWAY6, 2222), Probe.of(WEB, ICMP, GATEWAY6, 0),
                Probe.of(ENGINE, TCP, UPLINK6, 8080), Probe.of(ENGINE, TCP, WEB6, 80), Probe.of(ENGINE, ICMP, WEB6, 0),
                // the IPv4 side of the same host still behaves as scenario a
                Probe.of(OUTSIDE, TCP, "198.51.100.1", 8080))));
        LabSpec p = LabSpec.oneWeb().bridge6("docker0", GATEWAY6 + "/64").container6(WEB, WEB6)
                .listen6(WEB, TCP, 80).listen6(WEB, TCP, 81).listen6(WEB, TCP, 82).listen6(OUTSIDE, TCP, 7114);
        List<Probe> pp = new ArrayList<>();
        for (int port = 7101; port <= 7113; port++) {
            p.listen6(ENGINE, TCP, port);
            pp.add(Probe.of(OUTSIDE, TCP, UPLINK6, port));
        }
        pp.addAll(List.of(Probe.of(OUTSIDE, TCP, WEB6, 80), Probe.of(OUTSIDE, TCP, WEB6, 81), Probe.of(OUTSIDE, TCP, WEB6, 82),
                Probe.of(ENGINE, TCP, OUTSIDE6, 7114)));
        s.add(new Scenario("p IPv6 hop limit, extension headers, ctdir", "a-published-port.rules", "p-ipv6-header-modules.rules",
                null, p, pp));
        LabSpec q = LabSpec.oneWeb().bridge6("docker0", GATEWAY6 + "/64").container6(WEB, WEB6)
                .listen6(WEB, TCP, 80).listen6(ENGINE, TCP, 22);
        s.add(new Scenario("q IPv6 neighbour discovery dropped", "a-published-port.rules", "q-ipv6-nd-blocked.rules", null, q,
                List.of(Probe.of(OUTSIDE, ICMP, UPLINK6, 0), Probe.of(OUTSIDE, TCP, UPLINK6, 22), Probe.of(OUTSIDE, TCP, WEB6, 80),
                        Probe.of(OUTSIDE, TCP, "198.51.100.1", 8080)), Duration.ofSeconds(5)));
        LabSpec m = LabSpec.oneWeb().container("db", "docker0", "172.17.0.3", false)
                .listen("db", TCP, 5432).listen("db", TCP, 5433).listen(ENGINE, TCP, 2223).listen(ENGINE, TCP, 9000);
        s.add(new Scenario("m ebtables on bridged frames", "a-published-port.rules", null, "m-ebtables-bridged.rules", m, List.of(
                Probe.of(WEB, TCP, "172.17.0.3", 5432), Probe.of(WEB, TCP, "172.17.0.3", 5433), Probe.of("db", TCP, "172.17.0.2", 80),
                Probe.of(WEB, ICMP, "172.17.0.3", 0), Probe.of(WEB, TCP, "172.17.0.1", 9000), Probe.of(WEB, TCP, "172.17.0.1", 2223),
                Probe.of(ENGINE, TCP, "172.17.0.2", 80), Probe.of(ENGINE, TCP, "172.17.0.2", 2222),
                Probe.of(OUTSIDE, TCP, "198.51.100.1", 8080), Probe.of(OUTSIDE, TCP, "172.17.0.2", 2222))));
        LabSpec o = LabSpec.oneWeb().container("db", "docker0", "172.17.0.3", false).listen(WEB, TCP, 5433);
        for (int port = 5432; port <= 5437; port++) {
            o.listen("db", TCP, port);
        }
        for (int port = 2224; port <= 2226; port++) {
            o.listen(ENGINE, TCP, port);
        }
        List<Probe> op = new ArrayList<>();
        for (int port = 2224; port <= 2226; port++) {
            op.add(Probe.of(WEB, TCP, "172.17.0.1", port));
            op.add(Probe.of(OUTSIDE, TCP, "198.51.100.1", port));
        }
        op.add(Probe.of("db", TCP, "172.17.0.1", 2224));
        for (int port = 5432; port <= 5437; port++) {
            op.add(Probe.of(WEB, TCP, "172.17.0.3", port));
            op.add(Probe.of(OUTSIDE, TCP, "172.17.0.3", port));
        }
        op.add(Probe.of("db", TCP, "172.17.0.2", 5433));
        s.add(new Scenario("o physdev on bridged frames", "o-physdev-bridged.rules", null, null, o, op));
        return s;
    }

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Scenario sc : scenarios()) {
            for (KernelLab.Backend b : KernelLab.Backend.values()) {
                out.add(Arguments.of(sc.name(), sc, b));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}, {2}")
    @MethodSource("cases")
    void walkerAgreesWithTheKernel(String name, Scenario sc, KernelLab.Backend backend) {
        List<Ruleset> rules = new ArrayList<>();
        List<String> dumps = new ArrayList<>();
        for (String sample : new String[] {sc.v4(), sc.v6(), sc.eb()}) {
            String dump = sample == null ? null : KernelAssumptions.traceSample(sample);
            dumps.add(dump);
            if (dump != null) {
                rules.add(DumpParser.parse(sample, dump, ParseOptions.DETECT));
            }
        }
        LabWalks walks = new LabWalks(sc.spec(), rules);
        List<String> disagreements = new ArrayList<>();
        List<String> stillGaps = new ArrayList<>();
        try (KernelLab lab = KernelLab.open(backend)) {
            if (sc.probeTimeout() != null) {
                lab.probeTimeout(sc.probeTimeout());
            }
            var built = sc.spec().topology().build(lab);
            built.restoreEngine(dumps.get(0));
            if (dumps.get(1) != null) {
                built.restoreEngine6(dumps.get(1));
            }
            if (dumps.get(2) != null) {
                String eb = dumps.get(2);
                try {
                    built.restoreEngineEbtables(eb);
                } catch (IllegalStateException e) {
                    Assumptions.assumeTrue(backend != KernelLab.Backend.LEGACY || !e.getMessage().contains("doesn't support"),
                            () -> "ebtables-legacy: " + e.getMessage());
                    throw e;
                }
            }
            sc.spec().startListeners(lab);
            for (Probe p : sc.probes()) {
                int sport = p.proto() == ICMP ? 0 : ThreadLocalRandom.current().nextInt(42000, 60000);
                Observation kernel = KernelAgreementTest.observe(lab, p, sport);
                Prediction walk = walks.predict(p.from(), p.proto(), p.address(), p.port(), sport);
                boolean ok = KernelAgreementTest.agrees(kernel, walk);
                String gap = KNOWN_GAPS.get(sc.name() + ": " + p);
                TALLY.add(ok);
                System.out.printf("[kernel %s %s] %-4s %-44s kernel: %-52s walk: %s%n", sc.name(), backend,
                        ok ? "ok" : gap != null ? "GAP" : "DIFF", p, kernel, walk.brief());
                if (!ok && gap == null) {
                    disagreements.add(p + ": kernel " + kernel + ", walk " + walk.brief() + " (" + walk.why() + ")");
                } else if (ok && gap != null) {
                    stillGaps.add(p + " agrees now: remove it from KNOWN_GAPS (" + gap + ")");
                }
            }
        }
        assertThat(disagreements).as("kernel/walker disagreements in " + sc.name() + " on " + backend).isEmpty();
        assertThat(stillGaps).isEmpty();
    }
}
