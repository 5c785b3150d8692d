package io.nflint.walk;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Chain;
import io.nflint.ir.Ip;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link Walker#without}: a walk with one rule skipped ends where a walk of the rule set with that
 * rule deleted ends, and builds no index beyond the rule set's own (rule logic asks this of every
 * rule it probes for redundancy; a copy per rule indexed the copied chain again each time).
 */
class WalkerWithoutTest {

    /** ChainIndexTest's chain (indexed: every kind of key) with a user chain it jumps to, a REJECT and DROPs. */
    private static final String RULES = ChainIndexTest.CHAIN
            .replace(":OUTPUT ACCEPT [0:0]\n", ":OUTPUT ACCEPT [0:0]\n:CUSTOM - [0:0]\n")
            .replace("-A FORWARD -j LOG\n", String.join("\n", "-A FORWARD -p tcp -m tcp ! --dport 22 -i eth0 -j CUSTOM",
                    "-A FORWARD -p tcp -m tcp --dport 8000:8100 -j REJECT --reject-with tcp-reset",
                    "-A FORWARD ! -i docker0 -o eth0 -j DROP", "-A CUSTOM -s 198.51.100.0/24 -j RETURN",
                    "-A CUSTOM -p tcp -m tcp --dport 443 -j ACCEPT", "-A CUSTOM -j DROP", ""));

    @Test
    void skippingARuleEndsLikeDeletingItAndIndexesNothingNew() {
        assertThat(RULES).as("the user chain was added").contains(":CUSTOM", "-j CUSTOM", "-A CUSTOM -j DROP");
        Ruleset rs = DumpParser.parse("t.rules", RULES, ParseOptions.DETECT);
        HostView host = Walks.dockerHost().build();
        Walker base = new Walker(host, List.of(rs), Walker.DEFAULT_MAX_OUTCOMES);
        List<WalkRequest> requests = requests();
        requests.forEach(base::walk);
        int indexes = base.indexedChains();
        assertThat(indexes).as("FORWARD is long enough to be indexed").isEqualTo(1);
        int differing = 0;
        for (Table t : rs.tables()) {
            for (Chain c : t.chains()) {
                for (Rule rule : c.rules()) {
                    Walker deleted = new Walker(host, List.of(deleted(rs, rule)), Walker.DEFAULT_MAX_OUTCOMES);
                    for (WalkRequest req : requests) {
                        WalkResult expected = deleted.walk(req);
                        WalkResult skipped = base.sharingIndexes(host, List.of(rs), Walker.DEFAULT_MAX_OUTCOMES).without(rule).walk(req);
                        assertThat(ends(skipped)).as("%s without %s", req.describe(), rule.text()).isEqualTo(ends(expected));
                        differing += ends(skipped).equals(ends(base.walk(req))) ? 0 : 1;
                    }
                }
            }
        }
        assertThat(differing).as("deleting rules changes some walks").isPositive();
        assertThat(base.indexedChains()).as("no index for a copy of a chain").isEqualTo(indexes);
    }

    /** What a walk decided: each outcome's verdict, rewritten packet, way out and the lines of the rules it took. */
    private static List<List<Object>> ends(WalkResult r) {
        List<List<Object>> out = new ArrayList<>();
        for (Outcome o : r.outcomes()) {
            List<Object> end = new ArrayList<>(java.util.Arrays.asList(o.verdict(), o.rejectWith(), o.deliveredTo(),
                    o.outIface(), o.packet()));
            for (TraceStep s : o.steps()) {
                end.add(s.kind() + "@" + s.line());
            }
            out.add(end);
        }
        return out;
    }

    private static Ruleset deleted(Ruleset rs, Rule rule) {
        List<Table> tables = new ArrayList<>();
        for (Table t : rs.tables()) {
            List<Chain> chains = new ArrayList<>();
            for (Chain c : t.chains()) {
                List<Rule> rules = new ArrayList<>(c.rules());
                rules.removeIf(x -> x == rule);
                chains.add(new Chain(c.name(), c.builtin(), c.policy(), c.policySpan(), c.counters(), c.span(),
                        c.redeclarations(), rules));
            }
            tables.add(new Table(t.name(), t.span(), t.commitSpan(), t.missingCommitAt(), chains));
        }
        return new Ruleset(rs.file(), rs.family(), rs.listing(), tables, rs.comments(), rs.diagnostics());
    }

    private static List<WalkRequest> requests() {
        List<Ip> addrs = Stream.of("172.17.0.2", "172.17.0.3", "172.17.0.4", "172.18.0.9", "10.1.0.7",
                "198.51.100.2", "8.8.8.8").map(Walks::ip).toList();
        List<String> ifaces = List.of("docker0", "eth0", "br-1");
        int[] ports = {22, 53, 80, 443, 8050};
        Random random = new Random(5);
        List<WalkRequest> out = new ArrayList<>();
        for (int n = 0; n < 120; n++) {
            Ip src = addrs.get(random.nextInt(addrs.size()));
            Ip dst = addrs.get(random.nextInt(addrs.size()));
            int port = ports[random.nextInt(ports.length)];
            Packet p = random.nextBoolean() ? Packet.tcp(src, 40000, dst, port) : Packet.udp(src, 40000, dst, port);
            out.add(WalkRequest.arriving(ifaces.get(random.nextInt(ifaces.size())), p));
        }
        return out;
    }
}
