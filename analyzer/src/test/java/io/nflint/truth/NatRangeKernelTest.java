package io.nflint.truth;

import static io.nflint.kernel.DockerLikeTopology.OUTSIDE;
import static io.nflint.kernel.Proto.TCP;
import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ruleset;
import io.nflint.kernel.KernelAssumptions;
import io.nflint.kernel.KernelLab;
import io.nflint.kernel.Observation;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import io.nflint.truth.KernelAgreementTest.Probe;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * NAT to address ranges (samples/trace n): which container answers a port DNATed to a range, with and
 * without --persistent, over IPv4 and IPv6, and which pool address the outside sees for SNAT to a range.
 * The walker must name the same container and source as the kernel for every probe, and the kernel
 * must really spread the connections (more than one container, more than one pool address), or the
 * test would not tell "the kernel's choice" from "the first of the range".
 */
@Tag("kernel")
class NatRangeKernelTest {

    private static final String[] CONTAINERS = {"web", "db", "app"};

    @BeforeAll
    static void needsKernelLab() {
        KernelAssumptions.assumeKernelLab();
    }

    private static LabSpec spec(boolean v6) {
        LabSpec s = new LabSpec().bridge("docker0", "172.17.0.1/16");
        for (int i = 0; i < CONTAINERS.length; i++) {
            s.container(CONTAINERS[i], "docker0", "172.17.0." + (i + 2), false).listen(CONTAINERS[i], TCP, 80);
        }
        for (int i = 11; i <= 18; i++) {
            s.uplinkAlias("198.51.100." + i + "/24");
        }
        s.listen(OUTSIDE, TCP, 7000);
        for (int i = 31; i <= 34; i++) {
            s.outsideAlias("198.51.100." + i + "/24");
        }
        if (v6) {
            s.bridge6("docker0", "fd00:17::1/64");
            for (int i = 0; i < CONTAINERS.length; i++) {
                s.container6(CONTAINERS[i], "fd00:17::" + (i + 2)).listen6(CONTAINERS[i], TCP, 80);
            }
            for (int i = 11; i <= 18; i++) {
                s.uplinkAlias("2001:db8:1::" + i + "/64");
            }
        }
        return s;
    }

    @Test
    void dnatAndSnatToARangePickWhatTheKernelPicks() {
        List<Probe> probes = new ArrayList<>();
        List<String> engine = new ArrayList<>(List.of("198.51.100.1"));
        for (int i = 11; i <= 18; i++) {
            engine.add("198.51.100." + i);
        }
        for (String a : engine) {
            probes.add(Probe.of(OUTSIDE, TCP, a, 8080));
            probes.add(Probe.of(OUTSIDE, TCP, a, 8081));
        }
        List<String> outside = new ArrayList<>(List.of("198.51.100.2"));
        for (int i = 31; i <= 34; i++) {
            outside.add("198.51.100." + i);
        }
        for (String c : CONTAINERS) {
            for (String a : outside) {
                probes.add(Probe.of(c, TCP, a, 7000));
            }
        }
        Result r = run(spec(false), probes, null);
        assertThat(r.disagreements).isEmpty();
        assertThat(r.answeredBy).as("DNAT spreads over the range").hasSizeGreaterThan(1);
        assertThat(r.sources).as("SNAT spreads over the pool").hasSizeGreaterThan(2);
    }

    @Test
    void ipv6DnatToARangePicksWhatTheKernelPicks() {
        List<Probe> probes = new ArrayList<>(List.of(Probe.of(OUTSIDE, TCP, "2001:db8:1::1", 8080)));
        for (int i = 11; i <= 18; i++) {
            probes.add(Probe.of(OUTSIDE, TCP, "2001:db8:1::" + i, 8080));
        }
        Result r = run(spec(true), probes, "n-nat-ranges6.rules");
        assertThat(r.disagreements).isEmpty();
        assertThat(r.answeredBy).as("DNAT spreads over the range").hasSizeGreaterThan(1);
    }

    private record Result(List<String> disagreements, Set<String> answeredBy, Set<String> sources) {
    }

    private static Result run(LabSpec spec, List<Probe> probes, String sample6) {
        String dump = KernelAssumptions.traceSample("n-nat-ranges.rules");
        List<Ruleset> rules = new ArrayList<>(List.of(DumpParser.parse("n-nat-ranges.rules", dump, ParseOptions.DETECT)));
        String dump6 = sample6 == null ? null : KernelAssumptions.traceSample(sample6);
        if (dump6 != null) {
            rules.add(DumpParser.parse(sample6, dump6, ParseOptions.DETECT));
        }
        LabWalks walks = new LabWalks(spec, rules);
        Result result = new Result(new ArrayList<>(), new HashSet<>(), new HashSet<>());
        try (KernelLab lab = KernelLab.open()) {
            var built = spec.topology().build(lab);
            built.restoreEngine(dump);
            if (dump6 != null) {
                built.restoreEngine6(dump6);
            }
            spec.startListeners(lab);
            for (Probe p : probes) {
                int sport = ThreadLocalRandom.current().nextInt(42000, 60000);
                Observation kernel = lab.probe(p.from(), p.proto(), p.address(), p.port(), sport);
                Prediction walk = walks.predict(p.from(), p.proto(), p.address(), p.port(), sport);
                boolean ok = KernelAgreementTest.agrees(kernel, walk);
                System.out.printf("[kernel nat range] %-4s %-36s kernel: %-56s walk: %s%n", ok ? "ok" : "DIFF", p, kernel, walk.brief());
                if (!ok) {
                    result.disagreements.add(p + ": kernel " + kernel + ", walk " + walk.brief() + " (" + walk.why() + ")");
                }
                if (kernel.answeredBy() != null && !kernel.answeredBy().equals(OUTSIDE)) {
                    result.answeredBy.add(kernel.answeredBy());
                }
                if (OUTSIDE.equals(kernel.answeredBy())) {
                    result.sources.add(kernel.sourceSeen());
                }
            }
        }
        return result;
    }
}
