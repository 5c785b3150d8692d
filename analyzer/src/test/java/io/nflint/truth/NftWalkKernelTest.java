package io.nflint.truth;

import static io.nflint.kernel.Proto.TCP;
import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.host.HostBundleLoader;
import io.nflint.host.HostModel;
import io.nflint.ir.Ip;
import io.nflint.ir.Ruleset;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.kernel.CommandResult;
import io.nflint.kernel.DockerLikeTopology;
import io.nflint.kernel.KernelAssumptions;
import io.nflint.kernel.KernelLab;
import io.nflint.kernel.Observation;
import io.nflint.kernel.ProbeResult;
import io.nflint.nft.parse.NftParseOptions;
import io.nflint.nft.parse.NftTextParser;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import io.nflint.truth.SourceAddressKernelTest.Probe;
import io.nflint.symbolic.NftZ3Probe;
import io.nflint.symbolic.WitnessPacket;
import io.nflint.walk.HostModelView;
import io.nflint.walk.Outcome;
import io.nflint.walk.Packet;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.WalkVerdict;
import io.nflint.walk.Walker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nftables rulesets loaded with {@code nft -f} into the engine namespace (alone, and next to
 * iptables-nft rules), probed with real TCP connections, and walked: the walker's answer must equal
 * the kernel's for every probe. The topology is the Docker-like lab: outside 198.51.100.2 on ext0,
 * web 172.17.0.2 on docker0 (listening on 80 only, so 81 answers RST), the engine listening on 9000.
 * Debian's nft 1.0.6 refuses {@code priority dstnat} on the output hook (Docker 29 writes it): the
 * rulesets here use the numbers (−100). It also wants a newline or {@code ;} between a one-line
 * chain's closing brace and its table's, and a protocol before {@code ct original proto-dst}
 * ({@code meta l4proto tcp}), which newer nft infers.
 */
@Tag("kernel")
class NftWalkKernelTest {

    private static final String ENGINE = DockerLikeTopology.ENGINE;
    private static final String OUTSIDE = DockerLikeTopology.OUTSIDE;
    private static final String WEB = "web";
    private static final String WEB_IP = "172.17.0.2";
    private static final String UPLINK = DockerLikeTopology.ENGINE_UPLINK;
    private static final String OUTSIDE_IP = DockerLikeTopology.OUTSIDE_ADDRESS;

    @BeforeAll
    static void needsKernelLab() {
        KernelAssumptions.assumeKernelLab();
    }

    private static Probe p(String from, String address, int port) {
        return new Probe(from, address, port);
    }

    /** A user chain next to a Docker-like chain at filter: reject vs drop tells which ran first. */
    private static String dockerAndUser(int userPriority) {
        return """
                table ip docker-like {
                  chain forward {
                    type filter hook forward priority 0; policy drop;
                    ct state established,related accept
                    oifname "docker0" tcp dport 80 accept
                    iifname "docker0" accept
                  }
                }
                table inet user {
                  chain forward {
                    type filter hook forward priority %d; policy accept;
                    tcp dport 81 reject with tcp reset
                  }
                }
                """.formatted(userPriority);
    }

    private static final List<Probe> DOCKER_PROBES = List.of(p(OUTSIDE, WEB_IP, 80), p(OUTSIDE, WEB_IP, 81),
            p(OUTSIDE, WEB_IP, 82), p(WEB, OUTSIDE_IP, 7000));

    @Test
    void userChainBeforeADockerLikeChain(@TempDir Path bundle) throws Exception {
        List<String> answers = agree(dockerAndUser(-1), null, DOCKER_PROBES, bundle);
        assertThat(answers.get(1)).isEqualTo("refused");
    }

    @Test
    void userChainAfterADockerLikeChain(@TempDir Path bundle) throws Exception {
        List<String> answers = agree(dockerAndUser(1), null, DOCKER_PROBES, bundle);
        assertThat(answers.get(1)).isEqualTo("timeout");
    }

    @Test
    void acceptInOneBaseChainThenDropInALaterOne(@TempDir Path bundle) throws Exception {
        String rules = """
                table inet early {
                  chain forward { type filter hook forward priority -10; policy accept; tcp dport 80 accept; }
                }
                table inet late {
                  chain forward { type filter hook forward priority 10; policy accept; ip daddr 172.17.0.2 tcp dport 80 drop; }
                }
                """;
        List<String> answers = agree(rules, null, List.of(p(OUTSIDE, WEB_IP, 80), p(OUTSIDE, WEB_IP, 81)), bundle);
        assertThat(answers.get(0)).isEqualTo("timeout");
    }

    @Test
    void iptablesForwardDropPolicyNextToAnNftChainThatAccepts(@TempDir Path bundle) throws Exception {
        String iptables = """
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD DROP [0:0]
                :OUTPUT ACCEPT [0:0]
                -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
                -A FORWARD -p tcp -m tcp --dport 81 -j ACCEPT
                COMMIT
                """;
        String rules = """
                table inet user {
                  chain forward { type filter hook forward priority -1; policy accept; accept; }
                }
                """;
        List<String> answers = agree(rules, iptables, List.of(p(OUTSIDE, WEB_IP, 80), p(OUTSIDE, WEB_IP, 81),
                p(WEB, OUTSIDE_IP, 7000)), bundle);
        assertThat(answers.get(0)).isEqualTo("timeout");
    }

    @Test
    void twoNatTablesCompetingForOneFlow(@TempDir Path bundle) throws Exception {
        String rules = """
                table ip counting {
                  chain pre { type nat hook prerouting priority -110; counter; }
                }
                table ip first {
                  chain pre { type nat hook prerouting priority -100; tcp dport 8080 dnat to 172.17.0.2:80; tcp dport 8081 dnat to 172.17.0.2:81; }
                  chain out { type nat hook output priority -100; tcp dport 8080 dnat to 172.17.0.2:80; }
                }
                table ip second {
                  chain pre { type nat hook prerouting priority -90; tcp dport 8080 dnat to 172.17.0.2:81; }
                  chain pre0 { type nat hook prerouting priority -100; tcp dport 8081 dnat to 172.17.0.2:80; }
                }
                """;
        List<String> answers = agree(rules, null, List.of(p(OUTSIDE, UPLINK, 8080), p(OUTSIDE, UPLINK, 8081),
                p(OUTSIDE, UPLINK, 8082), p(ENGINE, UPLINK, 8080)), bundle);
        assertThat(answers.get(0)).startsWith("answered by web");
    }

    @Test
    void intervalAndConcatenationSetsVerdictMapAndCtState(@TempDir Path bundle) throws Exception {
        String rules = """
                table inet f {
                  set rejected { type inet_service; flags interval; elements = { 83-84 } }
                  set pairs { type ipv4_addr . inet_service; elements = { 198.51.100.2 . 81 } }
                  chain web { ip saddr 198.51.100.0/24 accept; }
                  chain forward {
                    type filter hook forward priority 0; policy drop;
                    ct state established,related accept
                    ip saddr . tcp dport @pairs accept
                    tcp dport @rejected reject with tcp reset
                    tcp dport vmap { 80 : jump web, 82 : drop }
                    iifname "docker0" accept
                  }
                }
                """;
        agree(rules, null, List.of(p(OUTSIDE, WEB_IP, 80), p(OUTSIDE, WEB_IP, 81), p(OUTSIDE, WEB_IP, 82),
                p(OUTSIDE, WEB_IP, 83), p(OUTSIDE, WEB_IP, 85), p(WEB, OUTSIDE_IP, 7000)), bundle);
    }

    @Test
    void markSetInOneTableReadByALaterOneAndMasquerade(@TempDir Path bundle) throws Exception {
        String rules = """
                table ip m {
                  chain pre { type filter hook prerouting priority -150; tcp dport 81 meta mark set meta mark | 0x4000; }
                }
                table inet f {
                  chain forward { type filter hook forward priority 0; policy accept; meta mark & 0x4000 == 0x4000 drop; }
                }
                table ip n {
                  chain post { type nat hook postrouting priority 100; oifname "ext0" ip saddr 172.17.0.0/16 masquerade; }
                }
                """;
        List<String> answers = agree(rules, null, List.of(p(OUTSIDE, WEB_IP, 80), p(OUTSIDE, WEB_IP, 81),
                p(WEB, OUTSIDE_IP, 7000)), bundle);
        assertThat(answers.get(2)).isEqualTo("answered by outside src " + UPLINK);
    }

    @Test
    void atForwardOnlyTheConntrackOriginalShowsThePublishedPort(@TempDir Path bundle) throws Exception {
        String rules = """
                table ip nat {
                  chain pre { type nat hook prerouting priority -100; iifname "ext0" tcp dport { 8080, 8081 } dnat to 172.17.0.2:80; }
                }
                table inet f {
                  chain forward {
                    type filter hook forward priority 0; policy drop;
                    ct state established,related accept
                    tcp dport 8080 accept
                    meta l4proto tcp ct status dnat ct original proto-dst 8081 accept
                  }
                }
                """;
        List<String> answers = agree(rules, null, List.of(p(OUTSIDE, UPLINK, 8080), p(OUTSIDE, UPLINK, 8081)), bundle);
        assertThat(answers.get(0)).isEqualTo("timeout");
    }

    /** At postrouting nft's iifname reads the device a forwarded packet came in on (ip_output passes skb->dev). */
    @Test
    void iifnameAtPostroutingIsTheInDeviceOfAForwardedPacket(@TempDir Path bundle) throws Exception {
        String rules = """
                table ip n {
                  chain post { type nat hook postrouting priority 100; iifname "ext0" oifname "docker0" tcp dport 80 snat to 172.17.0.1; }
                }
                """;
        List<String> answers = agree(rules, null, List.of(p(OUTSIDE, WEB_IP, 80), p(WEB, OUTSIDE_IP, 7000)), bundle);
        assertThat(answers.get(0)).isEqualTo("answered by web src 172.17.0.1");
    }

    // ---------------------------------------------------------------------------------------------

    /** Builds the lab, loads the rules, probes; returns the kernel's answers after asserting the walker's equal them. */
    private static List<String> agree(String nftText, String iptables, List<Probe> probes, Path bundle) throws Exception {
        NftRuleset nft = NftTextParser.parse("scenario.nft", nftText, null, NftParseOptions.defaults());
        assertThat(nft.diagnostics()).as("nflint reads the scenario").isEmpty();
        List<String> kernel = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        NftZ3Probe z3 = null;
        try (KernelLab lab = KernelLab.open()) {
            DockerLikeTopology.builder().defaultBridge().container(WEB, "docker0", WEB_IP).build(lab);
            List<Ruleset> xt = new ArrayList<>();
            if (iptables != null) {
                lab.restore(ENGINE, iptables);
                xt.add(DumpParser.parse("scenario.rules", iptables, ParseOptions.DETECT));
            }
            CommandResult load = lab.exec(ENGINE, nftText, List.of("nft", "-f", "-"));
            assertThat(load.exitCode()).as("nft -f: %s", load.stderr()).isZero();
            lab.listen(WEB, TCP, 80);
            lab.listen(OUTSIDE, TCP, 7000);
            lab.listen(ENGINE, TCP, 9000);
            lab.collectBundle(ENGINE, bundle);
            HostModel host = HostBundleLoader.load(bundle).host();
            Walker walker = new Walker(new HostModelView(host), xt, nft);
            z3 = new NftZ3Probe(host, xt, nft);
            for (Probe p : probes) {
                int sport = ThreadLocalRandom.current().nextInt(42000, 60000);
                Observation o = lab.probe(p.from(), TCP, p.address(), p.port(), sport);
                String seen = o.result() == ProbeResult.ANSWERED
                        ? "answered by " + o.answeredBy() + " src " + GroundTruth.ip(o.sourceSeen()) : o.result().wire();
                String walk = predict(walker, p, sport);
                String symbolic = predictZ3(z3, p, sport);
                boolean ok = seen.equals(walk) && seen.equals(symbolic);
                System.out.printf("[kernel nft] %-4s %-32s kernel: %-36s walk: %-36s z3: %s%n", ok ? "ok" : "DIFF", p, seen,
                        walk, symbolic);
                if (!seen.equals(walk)) {
                    disagreements.add(p + ": kernel " + seen + ", walk " + walk);
                }
                if (!seen.equals(symbolic)) {
                    disagreements.add(p + ": kernel " + seen + ", z3 " + symbolic);
                }
                kernel.add(seen);
            }
        } finally {
            if (z3 != null) {
                z3.close();
            }
        }
        assertThat(disagreements).as("the walker's and the symbolic engine's answers equal the kernel's").isEmpty();
        return kernel;
    }

    private static String predict(Walker walker, Probe p, int sport) {
        Ip dst = GroundTruth.ip(p.address());
        WalkRequest req = switch (p.from()) {
            case ENGINE -> WalkRequest.local(Packet.tcp(null, sport, dst, p.port()));
            case OUTSIDE -> WalkRequest.arriving("ext0", Packet.tcp(GroundTruth.ip(OUTSIDE_IP), sport, dst, p.port()));
            default -> WalkRequest.arriving("v-web", Packet.tcp(GroundTruth.ip(WEB_IP), sport, dst, p.port()));
        };
        Set<String> answers = new LinkedHashSet<>();
        for (Outcome o : walker.walk(req).outcomes()) {
            answers.add(read(walker, req, o));
        }
        return answers.size() == 1 ? answers.iterator().next() : "fork " + answers;
    }

    /**
     * The symbolic engine's answer, read as {@link #read} reads the walker's: every fate Z3 allows
     * for the probe's first packet and, when accepted, for the answer coming back (the reply of the
     * connection, with the recorded NAT undone where the kernel undoes it before filtering: the
     * destination at prerouting, the source only after the filter hooks). A locally generated probe
     * to one of the host's addresses has that address as source, as the kernel's source selection gives.
     */
    private static String predictZ3(NftZ3Probe z3, Probe p, int sport) {
        Ip dst = GroundTruth.ip(p.address());
        String in = switch (p.from()) {
            case ENGINE -> null;
            case OUTSIDE -> "ext0";
            // the IP hooks see a frame from a bridge port arrive on the bridge
            default -> "docker0";
        };
        Ip src = switch (p.from()) {
            case ENGINE -> dst;
            case OUTSIDE -> GroundTruth.ip(OUTSIDE_IP);
            default -> GroundTruth.ip(WEB_IP);
        };
        WitnessPacket first = new WitnessPacket(in, null, 6, src, sport, dst, p.port(), 0, 0, 2, "NEW", 0, 0);
        Set<String> answers = new LinkedHashSet<>();
        for (NftZ3Probe.Fate f : z3.fates(in, first)) {
            answers.add(readZ3(z3, first, f));
        }
        return answers.size() == 1 ? answers.iterator().next() : "fork " + answers;
    }

    private static String readZ3(NftZ3Probe z3, WitnessPacket first, NftZ3Probe.Fate f) {
        if (f.verdict().equals("REJECT")) {
            return ProbeWalks.rejectResult(f.rejectWith(), false);
        }
        if (!f.verdict().equals("ACCEPT")) {
            return "timeout";
        }
        WitnessPacket at = f.end();
        String who = receiver(f.out() == null, at.dst());
        if (who == null) {
            return "timeout";
        }
        boolean listens = at.dport() == LISTENING.get(who);
        WitnessPacket reply = new WitnessPacket(f.out(), null, 6, at.dst(), at.dport(), first.src(), first.sport(), 0, 0,
                listens ? 0x12 : 0x14, "ESTABLISHED", 0, 0);
        for (NftZ3Probe.Fate r : z3.fates(f.out(), reply)) {
            if (!r.verdict().equals("ACCEPT")) {
                return "timeout";
            }
        }
        return listens ? "answered by " + who + " src " + at.src() : "refused";
    }

    /** The port each namespace listens on (agree() starts the listeners). */
    private static final java.util.Map<String, Integer> LISTENING = java.util.Map.of(ENGINE, 9000, WEB, 80, OUTSIDE, 7000);

    /** Who gets an accepted packet: the engine when delivered locally, else the namespace with its destination; null: nobody. */
    private static String receiver(boolean local, Ip dst) {
        if (local) {
            return ENGINE;
        }
        return dst.equals(GroundTruth.ip(WEB_IP)) ? WEB : dst.equals(GroundTruth.ip(OUTSIDE_IP)) ? OUTSIDE : null;
    }

    private static String read(Walker walker, WalkRequest req, Outcome o) {
        if (o.verdict() == WalkVerdict.REJECT) {
            return ProbeWalks.rejectResult(o.rejectWith(), false);
        }
        if (o.verdict() != WalkVerdict.ACCEPT) {
            return "timeout";
        }
        Packet at = o.packet();
        String who = receiver(o.deliveredLocally(), at.dst());
        if (who == null) {
            return "timeout";
        }
        boolean listens = at.dport() == LISTENING.get(who);
        // the answer (data or RST) comes back as the connection's reply
        for (Outcome r : walker.walk(req.asReply()).outcomes()) {
            if (r.verdict() != WalkVerdict.ACCEPT) {
                return "timeout";
            }
        }
        return listens ? "answered by " + who + " src " + at.src() : "refused";
    }
}
