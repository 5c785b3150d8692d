package io.nflint.walk;

import static io.nflint.walk.Walks.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.analysis.HostAnalysis;
import io.nflint.gen.DockerHostDumpGenerator;
import io.nflint.gen.KubeProxyDumpGenerator;
import io.nflint.host.HostModel;
import io.nflint.host.IfAddress;
import io.nflint.host.NetInterface;
import io.nflint.ir.Chain;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.ir.match.AddressMatch;
import io.nflint.ir.match.InterfaceMatch;
import io.nflint.ir.match.Match;
import io.nflint.ir.match.TcpMatch;
import io.nflint.ir.match.UdpMatch;
import io.nflint.ir.target.Dnat;
import io.nflint.ir.NatRange;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import io.nflint.pipeline.Hook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chain index only skips rules that are FALSE for the packet, so a walk with it is the walk
 * without it: the same outcomes, steps, notes and forks.
 */
class ChainIndexTest {

    /** Every kind of key and every shape the index must leave alone (negations, wildcards, ranges). */
    static final String CHAIN = """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A FORWARD -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j ACCEPT
            -A FORWARD ! -d 172.17.0.3/32 -o docker0 -j LOG
            -A FORWARD -d 172.17.0.4/32,172.17.0.5/32 -j ACCEPT
            -A FORWARD -s 10.0.0.0/255.0.255.0 -j DROP
            -A FORWARD -s 172.17.0.0/16 -d 172.18.0.0/16 -j DROP
            -A FORWARD -p udp -m udp --dport 53 -j ACCEPT
            -A FORWARD -p tcp -m tcp ! --dport 22 -i eth0 -j LOG
            -A FORWARD -p tcp -m tcp --dport 8000:8100 -j LOG
            -A FORWARD -i br+ -j LOG
            -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
            -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A FORWARD ! -i docker0 -o eth0 -j LOG
            -A FORWARD -m statistic --mode random --probability 0.5 -j LOG
            -A FORWARD -p tcp -m multiport --dports 80,443 -j LOG
            -A FORWARD -j LOG
            COMMIT
            """;

    @Test
    void everyRuleTheIndexSkipsIsFalseForThePacket() {
        Ruleset rs = DumpParser.parse("t.rules", CHAIN, ParseOptions.DETECT);
        Chain chain = rs.table("filter").orElseThrow().chain("FORWARD").orElseThrow();
        assertThat(chain.rules()).hasSizeGreaterThanOrEqualTo(ChainIndex.MIN_RULES);
        ChainIndex index = ChainIndex.of(chain, io.nflint.lower.LoweredRuleset.lazy());
        HostView host = Walks.dockerHost().build();
        List<Ip> addrs = Stream.of("172.17.0.2", "172.17.0.3", "172.17.0.4", "172.17.0.5", "172.18.0.9",
                "10.1.0.7", "10.2.0.7", "198.51.100.2", "8.8.8.8").map(Walks::ip).toList();
        List<String> ifaces = java.util.Arrays.asList(null, "docker0", "eth0", "br-1", "ext0");
        int[] ports = {22, 53, 80, 443, 8000, 8050, 9000};
        Random random = new Random(7);
        int skipped = 0;
        for (int n = 0; n < 3000; n++) {
            Ip src = addrs.get(random.nextInt(addrs.size()));
            Ip dst = addrs.get(random.nextInt(addrs.size()));
            int port = ports[random.nextInt(ports.length)];
            Packet p = switch (random.nextInt(3)) {
                case 0 -> Packet.tcp(src, 40000, dst, port);
                case 1 -> Packet.udp(src, 40000, dst, port);
                default -> Packet.ping(src, dst);
            };
            p = p.withIfaces(ifaces.get(random.nextInt(ifaces.size())), ifaces.get(random.nextInt(ifaces.size())));
            MatchContext ctx = new MatchContext(p, Hook.FORWARD, false, false, false, null, host);
            for (int from = 0; from <= chain.rules().size(); from++) {
                int next = index.next(p, from);
                assertThat(next).isBetween(from, chain.rules().size());
                for (int i = from; i < next; i++) {
                    Rule r = chain.rules().get(i);
                    assertThat(MatchEval.rule(io.nflint.lower.LoweredRule.of(r), ctx, new ArrayList<>())).as("%s skipped for %s", r.text(), p)
                            .isEqualTo(Tri.FALSE);
                }
                skipped += next - from;
            }
        }
        assertThat(skipped).as("the index skips something").isPositive();
    }

    @Test
    void walksOnAGeneratedDockerHostAreTheSameWithAndWithoutTheIndex() {
        Ruleset rs = DumpParser.parse("d.rules", new DockerHostDumpGenerator(300, 3).generate(), ParseOptions.DETECT);
        HostModel host = HostAnalysis.of(List.of(rs), HostModel.empty(), false).host();
        assertSameWalks(new HostModelView(host), List.of(rs), 4000);
    }

    @Test
    void walksOnAGeneratedKubeProxyHostAreTheSameWithAndWithoutTheIndex() {
        Ruleset rs = DumpParser.parse("k.rules", new KubeProxyDumpGenerator(300, 42).generate(), ParseOptions.DETECT);
        HostView host = StaticHost.builder().iface("eth0", "198.51.100.1/24").bridge("cni0", "10.244.0.1/16")
                .route("default", "198.51.100.2", "eth0").build();
        assertSameWalks(host, List.of(rs), 3000);
    }

    @Test
    void walksOnTheCorpusBundlesAreTheSameWithAndWithoutTheIndex() throws Exception {
        Path root = CorpusBundleWalkTest.bundle("docker-20.10.24", "a-default-bridge-no-ports").getParent().getParent();
        List<Path> bundles = new ArrayList<>();
        try (Stream<Path> engines = Files.list(root)) {
            for (Path engine : engines.sorted().toList()) {
                try (Stream<Path> s = Files.list(engine)) {
                    s.filter(p -> Files.isRegularFile(p.resolve("iptables.rules"))).sorted().forEach(bundles::add);
                }
            }
        }
        assertThat(bundles).hasSizeGreaterThan(10);
        for (Path b : bundles) {
            WalkInput in = WalkInput.load(b);
            assertSameWalks(new HostModelView(in.host()), in.rulesets(), 400);
        }
    }

    /**
     * Random packets between the addresses, ports and interfaces the rules and the host name,
     * first packets, replies and later packets, walked by an indexing and a scanning walker.
     */
    private static void assertSameWalks(HostView host, List<Ruleset> rulesets, int walks) {
        Walker indexed = new Walker(host, rulesets, Walker.DEFAULT_MAX_OUTCOMES, 1);
        Walker scanning = new Walker(host, rulesets, Walker.DEFAULT_MAX_OUTCOMES, Integer.MAX_VALUE);
        Set<Ip> addrSet = new TreeSet<>(List.of(ip("198.51.100.2"), ip("192.0.2.10"), ip("127.0.0.1")));
        Set<Integer> portSet = new TreeSet<>(List.of(22, 53, 80));
        Set<String> ifaceSet = new TreeSet<>(List.of("eth0", "ext0", "lo"));
        if (host instanceof HostModelView v) {
            for (NetInterface i : v.model().interfaces()) {
                ifaceSet.add(i.name());
                i.addresses().stream().map(IfAddress::address).forEach(addrSet::add);
            }
        }
        for (Ruleset rs : rulesets) {
            for (Table t : rs.tables()) {
                for (Chain c : t.chains()) {
                    for (Rule r : c.rules()) {
                        collect(r, addrSet, portSet, ifaceSet);
                    }
                }
            }
        }
        List<Ip> addrs = List.copyOf(addrSet);
        List<Integer> ports = List.copyOf(portSet);
        List<String> ifaces = List.copyOf(ifaceSet);
        Random random = new Random(11);
        int compared = 0;
        for (int n = 0; n < walks; n++) {
            Ip dst = addrs.get(random.nextInt(addrs.size()));
            List<Ip> sameFamily = addrs.stream().filter(a -> a.v6() == dst.v6()).toList();
            Ip src = sameFamily.get(random.nextInt(sameFamily.size()));
            int port = ports.get(random.nextInt(ports.size()));
            Packet p = random.nextInt(4) == 0 ? Packet.udp(src, 40000, dst, port) : Packet.tcp(src, 40000, dst, port);
            int how = random.nextInt(5);
            WalkRequest req = how == 0 ? WalkRequest.local(p.withSrc(null, 40000))
                    : WalkRequest.arriving(ifaces.get(random.nextInt(ifaces.size())), p);
            if (how == 3) {
                req = req.asReply();
            } else if (how == 4) {
                req = req.asEstablished();
            }
            WalkResult a;
            try {
                a = scanning.walk(req);
            } catch (RuntimeException e) {
                continue;
            }
            assertThat(indexed.walk(req)).as(req.describe()).isEqualTo(a);
            compared++;
        }
        assertThat(compared).isGreaterThan(walks / 2);
    }

    private static void collect(Rule r, Set<Ip> addrs, Set<Integer> ports, Set<String> ifaces) {
        for (Match m : r.matches()) {
            if (m instanceof AddressMatch a) {
                for (IpNet n : a.nets()) {
                    addrs.add(n.address());
                    addrs.add(n.last());
                }
            } else if (m instanceof InterfaceMatch i && !i.isWildcard()) {
                ifaces.add(i.name());
            } else if (m instanceof TcpMatch t && t.dport() != null) {
                ports.add(t.dport().value().lo());
                ports.add(t.dport().value().hi());
            } else if (m instanceof UdpMatch u && u.dport() != null) {
                ports.add(u.dport().value().lo());
            }
        }
        if (r.target() instanceof Dnat d) {
            for (NatRange to : d.to()) {
                if (to.addresses() != null) {
                    addrs.add(to.addresses().from());
                }
            }
        }
    }
}
