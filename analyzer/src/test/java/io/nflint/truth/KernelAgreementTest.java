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
import io.nflint.kernel.ProbeResult;
import io.nflint.kernel.Proto;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import io.nflint.walk.ConntrackEntry;
import io.nflint.walk.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The walker against the kernel on the samples/trace scenarios a–k: the lab builds the topology
 * from a {@link LabSpec}, restores the dump and sends each probe; the walker walks the same packet
 * over the same spec's host model; result, answering namespace and source address must agree. For
 * NAT'd TCP/UDP probes the kernel's conntrack entry (its reply tuple, or its absence when the first
 * packet died before confirmation) is compared with the walker's too.
 */
@Tag("kernel")
class KernelAgreementTest {

    private static final String WEB = "web";
    private static final String WEB_IP = "172.17.0.2";
    private static final String UPLINK = "198.51.100.1";
    private static final String OUTSIDE_IP = "198.51.100.2";

    /** One probe; {@code nat}: also compare the conntrack entry. */
    record Probe(String from, Proto proto, String address, int port, boolean nat) {
        static Probe of(String from, Proto proto, String address, int port) {
            return new Probe(from, proto, address, port, false);
        }

        static Probe nat(String from, Proto proto, String address, int port) {
            return new Probe(from, proto, address, port, true);
        }

        @Override
        public String toString() {
            return from + " -> " + proto.wire() + " " + address + (proto == ICMP ? "" : ":" + port);
        }
    }

    record Scenario(String name, String sample, LabSpec spec, List<Probe> probes) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Tally TALLY = new Tally();

    @BeforeAll
    static void needsKernelLab() {
        KernelAssumptions.assumeKernelLab();
    }

    @AfterAll
    static void report() {
        System.out.println("[kernel-agreement] " + TALLY.summary());
    }

    static List<Scenario> scenarios() {
        List<Scenario> s = new ArrayList<>();
        s.add(new Scenario("a published port", "a-published-port.rules", LabSpec.oneWeb(), List.of(
                Probe.nat(OUTSIDE, TCP, UPLINK, 8080), Probe.of(OUTSIDE, TCP, WEB_IP, 80), Probe.of(OUTSIDE, TCP, WEB_IP, 2222),
                Probe.of(OUTSIDE, TCP, UPLINK, 2222), Probe.of(ENGINE, TCP, "127.0.0.1", 8080),
                Probe.nat(ENGINE, TCP, UPLINK, 8080), Probe.of(ENGINE, TCP, WEB_IP, 80),
                Probe.nat(WEB, TCP, OUTSIDE_IP, 7000), Probe.nat(WEB, UDP, OUTSIDE_IP, 7001),
                Probe.of(WEB, TCP, UPLINK, 8080), Probe.of(WEB, TCP, "172.17.0.1", 8080),
                Probe.of(OUTSIDE, ICMP, WEB_IP, 0), Probe.of(ENGINE, ICMP, WEB_IP, 0), Probe.of(WEB, ICMP, OUTSIDE_IP, 0),
                Probe.nat(OUTSIDE, UDP, UPLINK, 8080))));
        s.add(new Scenario("b no MASQUERADE", "b-missing-masquerade.rules", LabSpec.oneWeb(), List.of(
                Probe.nat(WEB, TCP, OUTSIDE_IP, 7000), Probe.nat(WEB, UDP, OUTSIDE_IP, 7001), Probe.nat(OUTSIDE, TCP, UPLINK, 8080))));
        s.add(new Scenario("c FORWARD DROP, no DOCKER ACCEPT", "c-forward-drop-no-accept.rules", LabSpec.oneWeb(), List.of(
                Probe.nat(OUTSIDE, TCP, UPLINK, 8080), Probe.of(OUTSIDE, TCP, WEB_IP, 80), Probe.nat(WEB, TCP, OUTSIDE_IP, 7000))));
        s.add(new Scenario("d two bridges", "d-two-bridges-isolation.rules", LabSpec.oneWeb().bridge("br-app", "172.18.0.1/16")
                .container("app", "br-app", "172.18.0.2", false).listen("app", TCP, 443).listen(ENGINE, TCP, 9000), List.of(
                Probe.of(WEB, TCP, "172.18.0.2", 443), Probe.of("app", TCP, WEB_IP, 80),
                Probe.of(WEB, TCP, "172.18.0.1", 9000), Probe.of("app", TCP, "172.17.0.1", 9000),
                Probe.of(WEB, TCP, UPLINK, 8443), Probe.of("app", TCP, UPLINK, 8080),
                Probe.nat(OUTSIDE, TCP, UPLINK, 8443), Probe.nat(OUTSIDE, TCP, UPLINK, 8080), Probe.nat("app", TCP, OUTSIDE_IP, 7000),
                Probe.of(WEB, ICMP, "172.18.0.2", 0))));
        s.add(new Scenario("e INPUT DROP", "e-input-drop-published-port.rules", LabSpec.oneWeb().listen(ENGINE, TCP, 2222), List.of(
                Probe.nat(OUTSIDE, TCP, UPLINK, 8080), Probe.of(OUTSIDE, TCP, UPLINK, 2222), Probe.of(ENGINE, TCP, UPLINK, 2222),
                Probe.of(WEB, TCP, "172.17.0.1", 2222), Probe.of(OUTSIDE, ICMP, UPLINK, 0))));
        s.add(new Scenario("f DOCKER-USER drop source", "f-docker-user-drop-source.rules", LabSpec.oneWeb(), List.of(
                Probe.nat(OUTSIDE, TCP, UPLINK, 8080), Probe.of(OUTSIDE, TCP, WEB_IP, 80), Probe.of(WEB, TCP, OUTSIDE_IP, 7000),
                Probe.of(ENGINE, TCP, WEB_IP, 80))));
        s.add(new Scenario("g docker 20 127.0.0.1 publish", "g-localhost-published-docker20.rules",
                LabSpec.oneWeb().loopbackTrick(), List.of(
                Probe.nat(OUTSIDE, TCP, "127.0.0.1", 8080), Probe.of(OUTSIDE, TCP, UPLINK, 8080), Probe.of(OUTSIDE, TCP, WEB_IP, 80),
                Probe.of(ENGINE, TCP, "127.0.0.1", 8080))));
        s.add(new Scenario("g docker 28 raw drops", "g-localhost-published-docker28.rules", LabSpec.oneWeb().loopbackTrick(),
                List.of(Probe.of(OUTSIDE, TCP, "127.0.0.1", 8080), Probe.of(OUTSIDE, TCP, WEB_IP, 80),
                        Probe.of(OUTSIDE, TCP, UPLINK, 8080), Probe.nat(WEB, TCP, OUTSIDE_IP, 7000))));
        s.add(new Scenario("h ip_forward=0", "h-ip-forward-off.rules", LabSpec.oneWeb().ipForward(false), List.of(
                Probe.nat(OUTSIDE, TCP, UPLINK, 8080), Probe.of(WEB, TCP, OUTSIDE_IP, 7000), Probe.of(ENGINE, TCP, WEB_IP, 80),
                Probe.of(WEB, TCP, "172.17.0.1", 2222))));
        LabSpec i = LabSpec.oneWeb();
        List<Probe> ip = new ArrayList<>();
        for (int port = 81; port <= 87; port++) {
            i.listen(WEB, TCP, port).listen(WEB, UDP, port);
            ip.add(Probe.of(OUTSIDE, TCP, WEB_IP, port));
            ip.add(Probe.of(OUTSIDE, UDP, WEB_IP, port));
        }
        ip.add(Probe.of(OUTSIDE, ICMP, WEB_IP, 0));
        s.add(new Scenario("i REJECT variants", "i-reject-variants.rules", i, ip));
        for (boolean bnf : List.of(true, false)) {
            s.add(new Scenario("j same-bridge DROP, bridge-nf-call-iptables=" + (bnf ? 1 : 0), "j-bridge-nf-same-bridge-drop.rules",
                    LabSpec.oneWeb().container("db", "docker0", "172.17.0.3", false).listen("db", TCP, 5432).bridgeNf(bnf),
                    List.of(Probe.of(WEB, TCP, "172.17.0.3", 5432), Probe.of(WEB, ICMP, "172.17.0.3", 0))));
        }
        for (boolean hairpin : List.of(false, true)) {
            s.add(new Scenario("k userland-proxy=false, hairpin " + (hairpin ? "on" : "off"), "k-userland-proxy-false-hairpin.rules",
                    LabSpec.oneWeb().hairpin(hairpin), List.of(
                    Probe.nat(WEB, TCP, UPLINK, 8080), Probe.nat(WEB, TCP, "172.17.0.1", 8080), Probe.nat(ENGINE, TCP, UPLINK, 8080),
                    Probe.nat(OUTSIDE, TCP, UPLINK, 8080))));
        }
        return s;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void walkerAgreesWithTheKernel(Scenario sc) {
        String dump = KernelAssumptions.traceSample(sc.sample());
        Ruleset rules = DumpParser.parse(sc.sample(), dump, ParseOptions.DETECT);
        LabWalks walks = new LabWalks(sc.spec(), rules);
        List<String> disagreements = new ArrayList<>();
        try (KernelLab lab = KernelLab.open()) {
            sc.spec().topology().build(lab).restoreEngine(dump);
            sc.spec().startListeners(lab);
            for (Probe p : sc.probes()) {
                int sport = p.proto() == ICMP ? 0 : ThreadLocalRandom.current().nextInt(42000, 60000);
                Observation kernel = observe(lab, p, sport);
                Prediction walk = walks.predict(p.from(), p.proto(), p.address(), p.port(), sport);
                CtCheck ct = p.nat() ? conntrack(lab, walks, p, sport) : CtCheck.NONE;
                boolean ok = agrees(kernel, walk) && ct.ok();
                TALLY.add(ok);
                System.out.printf("[kernel %s] %-4s %-40s kernel: %-48s walk: %s%s%n", sc.name(), ok ? "ok" : "DIFF", p, kernel,
                        walk.brief(), ct == CtCheck.NONE ? "" : " | conntrack " + (ct.ok() ? "agrees: " : "DIFFERS: ") + ct.text());
                if (!ok) {
                    disagreements.add(p + ": kernel " + kernel + ", walk " + walk.brief() + " (" + walk.why() + ") " + ct);
                }
            }
        }
        assertThat(disagreements).as("kernel/walker disagreements in " + sc.name()).isEmpty();
    }

    /**
     * The kernel's answer. A UDP probe that got nothing is sent again (3 rounds, as the corpus
     * method does): a datagram was occasionally lost on a working path here, whatever the walker says.
     */
    static Observation observe(KernelLab lab, Probe p, int sport) {
        if (p.proto() == ICMP) {
            return lab.ping(p.from(), p.address());
        }
        Observation o = lab.probe(p.from(), p.proto(), p.address(), p.port(), sport);
        for (int round = 1; round < 3 && p.proto() == UDP && o.result() == ProbeResult.TIMEOUT; round++) {
            o = lab.probe(p.from(), p.proto(), p.address(), p.port(), sport);
        }
        return o;
    }

    static boolean agrees(Observation kernel, Prediction walk) {
        if (!kernel.result().wire().equals(walk.result())) {
            return false;
        }
        if (kernel.result() != ProbeResult.ANSWERED) {
            return true;
        }
        return Objects.equals(kernel.answeredBy(), walk.answeredBy())
                && (kernel.sourceSeen() == null || GroundTruth.ip(kernel.sourceSeen()).equals(GroundTruth.ip(walk.source())));
    }

    private static final Pattern TUPLE = Pattern.compile("src=(\\S+) dst=(\\S+) sport=(\\d+) dport=(\\d+)");

    /**
     * Compares the kernel's conntrack entry for the probe's source port with the walker's: the reply
     * tuple (where NAT shows), or that there is none when the walker says the entry was never
     * confirmed.
     */
    record CtCheck(boolean ok, String text) {
        static final CtCheck NONE = new CtCheck(true, "");
    }

    private static CtCheck conntrack(KernelLab lab, LabWalks walks, Probe p, int sport) {
        Optional<String> line = lab.conntrack(ENGINE).stream()
                .filter(l -> l.startsWith(p.proto().wire()) && l.contains("sport=" + sport + " ")).findFirst();
        Outcome first = walks.walker().walk(walks.request(p.from(), p.proto(), p.address(), p.port(), sport)).outcomes().get(0);
        ConntrackEntry ct = first.conntrack();
        boolean walkConfirmed = ct != null && ct.confirmed();
        if (line.isEmpty()) {
            return new CtCheck(!walkConfirmed, walkConfirmed ? "kernel has no entry, walker confirmed " + ct
                    : "no entry in the kernel, walker's was never confirmed");
        }
        if (!walkConfirmed) {
            return new CtCheck(false, "kernel has " + line.get() + ", walker " + (ct == null ? "none" : ct));
        }
        Matcher m = TUPLE.matcher(line.get());
        if (!m.find() || !m.find()) {
            return new CtCheck(false, "cannot read " + line.get());
        }
        String kernelReply = m.group(1) + ":" + m.group(3) + " -> " + m.group(2) + ":" + m.group(4);
        String walkReply = ct.reply().src() + ":" + ct.reply().sport() + " -> " + ct.reply().dst() + ":" + ct.reply().dport();
        return new CtCheck(kernelReply.equals(walkReply), "reply tuple kernel " + kernelReply + ", walker " + walkReply);
    }
}
