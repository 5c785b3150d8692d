package io.nflint.walk;

import static io.nflint.walk.Walks.dockerHost;
import static io.nflint.walk.Walks.dump;
import static io.nflint.walk.Walks.tcpFrom;
import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ruleset;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.nft.parse.NftParseOptions;
import io.nflint.nft.parse.NftTextParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The walker over native nftables tables next to each other and to xtables tables: the hook
 * pipeline's order and verdict semantics ({@code nf_hook_slow}, {@code nft_do_chain},
 * {@code nf_nat_inet_fn}). The same scenarios run against the kernel in {@code NftWalkKernelTest}.
 */
class NftWalkTest {

    static NftRuleset nft(String text) {
        NftRuleset rs = NftTextParser.parse("t.nft", text, null, NftParseOptions.defaults());
        assertThat(rs.diagnostics()).as("nft text parses").isEmpty();
        return rs;
    }

    private static Outcome only(HostView host, List<Ruleset> xt, NftRuleset nft, WalkRequest req) {
        WalkResult r = new Walker(host, xt, nft).walk(req);
        assertThat(r.outcomes()).hasSize(1);
        return r.outcomes().get(0);
    }

    private static Outcome forward(String nftText, int dport) {
        return only(dockerHost().build(), List.of(), nft(nftText), tcpFrom("ext0", "198.51.100.2", 40000, "172.17.0.2", dport));
    }

    @Test
    void acceptEndsOnlyItsBaseChainAndALaterChainStillDrops() {
        Outcome o = forward("""
                table inet a {
                  chain fwd { type filter hook forward priority -1; policy accept; tcp dport 80 accept; }
                }
                table inet b {
                  chain fwd { type filter hook forward priority 1; policy accept; tcp dport 80 drop; }
                }
                """, 80);
        assertThat(o.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(o.steps()).extracting(TraceStep::table).containsExactly("a", "b");
    }

    @Test
    void lowerPriorityRunsFirstWhateverTheFileOrder() {
        Outcome o = forward("""
                table inet late { chain fwd { type filter hook forward priority 1; policy accept; tcp dport 80 drop; } }
                table inet early { chain fwd { type filter hook forward priority -1; policy accept; tcp dport 80 counter; } }
                """, 80);
        assertThat(o.steps()).extracting(TraceStep::table).containsExactly("early", "late");
        assertThat(o.verdict()).isEqualTo(WalkVerdict.DROP);
    }

    @Test
    void samePriorityTheTableLoadedLastRunsFirst() {
        Outcome o = forward("""
                table inet first { chain fwd { type filter hook forward priority 0; policy drop; } }
                table inet second { chain fwd { type filter hook forward priority 0; policy accept; tcp dport 80 reject with tcp reset; } }
                """, 80);
        assertThat(o.verdict()).isEqualTo(WalkVerdict.REJECT);
        assertThat(o.rejectWith()).isEqualTo("tcp-reset");
        assertThat(o.steps()).extracting(TraceStep::table).containsExactly("second");
    }

    @Test
    void returnFromABaseChainAppliesItsPolicy() {
        Outcome o = forward("""
                table ip t {
                  chain sub { tcp dport 80 return; accept; }
                  chain fwd { type filter hook forward priority 0; policy drop; jump sub; accept; }
                }
                """, 80);
        // return in 'sub' goes back to fwd's next rule (accept); goto would have skipped it
        assertThat(o.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        Outcome g = forward("""
                table ip t {
                  chain sub { tcp dport 80 return; accept; }
                  chain fwd { type filter hook forward priority 0; policy drop; goto sub; accept; }
                }
                """, 80);
        assertThat(g.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(g.steps().get(g.steps().size() - 1).kind()).isEqualTo(TraceStep.Kind.POLICY);
    }

    @Test
    void iptablesForwardDropPolicyStillDropsWhatAnNftChainAccepted() {
        Ruleset xt = dump("""
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD DROP [0:0]
                :OUTPUT ACCEPT [0:0]
                COMMIT
                """);
        Outcome o = only(dockerHost().build(), List.of(xt), nft("""
                table inet user { chain fwd { type filter hook forward priority -1; policy accept; accept; } }
                """), tcpFrom("ext0", "198.51.100.2", 40000, "172.17.0.2", 80));
        assertThat(o.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(o.steps()).extracting(TraceStep::table).containsExactly("user", "filter");
    }

    @Test
    void theFirstNatMappingWinsAndACountingNatChainDoesNotStopTheWalk() {
        String nat = """
                table ip counting { chain pre { type nat hook prerouting priority -110; counter; } }
                table ip first { chain pre { type nat hook prerouting priority -100; tcp dport 8080 dnat to 172.17.0.2:80; } }
                table ip second { chain pre { type nat hook prerouting priority -90; tcp dport 8080 dnat to 172.17.0.3:80; } }
                """;
        Outcome o = only(dockerHost().build(), List.of(), nft(nat),
                tcpFrom("ext0", "198.51.100.2", 40000, "198.51.100.1", 8080));
        assertThat(o.packet().dst()).isEqualTo(Walks.ip("172.17.0.2"));
        assertThat(o.steps()).extracting(TraceStep::table).doesNotContain("second");
        assertThat(o.deliveredTo()).isEqualTo("docker0");
    }

    @Test
    void aMarkSetInOneTableIsSeenByALaterOne() {
        Outcome o = forward("""
                table inet marker { chain pre { type filter hook prerouting priority -150; tcp dport 80 meta mark set meta mark | 0x4000; } }
                table inet filt { chain fwd { type filter hook forward priority 0; policy accept; meta mark & 0x4000 == 0x4000 drop; } }
                """, 80);
        assertThat(o.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(forward("""
                table inet marker { chain pre { type filter hook prerouting priority -150; tcp dport 81 meta mark set 0x4000; } }
                table inet filt { chain fwd { type filter hook forward priority 0; policy accept; meta mark 0x4000 drop; } }
                """, 80).verdict()).isEqualTo(WalkVerdict.ACCEPT);
    }

    @Test
    void setsWithIntervalsConcatenationsAndVerdictMaps() {
        String rules = """
                table inet t {
                  set ports { type inet_service; flags interval; elements = { 1000-2000, 8080 } }
                  set pairs { type ipv4_addr . inet_service; elements = { 198.51.100.2 . 443 } }
                  chain web { accept; }
                  chain fwd {
                    type filter hook forward priority 0; policy drop;
                    tcp dport @ports accept
                    ip saddr . tcp dport @pairs accept
                    tcp dport vmap { 22 : drop, 80 : jump web }
                  }
                }
                """;
        assertThat(forward(rules, 1500).verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(forward(rules, 2001).verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(forward(rules, 443).verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(forward(rules, 444).verdict()).isEqualTo(WalkVerdict.DROP);
        Outcome viaMap = forward(rules, 80);
        assertThat(viaMap.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(viaMap.steps()).extracting(TraceStep::chain).contains("web");
    }

    @Test
    void atForwardTheHeaderIsAlreadyTranslatedButTheConntrackOriginalIsNot() {
        String rules = """
                table ip nat { chain pre { type nat hook prerouting priority -100; tcp dport 8080 dnat to 172.17.0.2:80; } }
                table ip filt {
                  chain fwd {
                    type filter hook forward priority 0; policy drop;
                    tcp dport 8080 accept
                    ct original proto-dst 8080 ct status dnat accept
                  }
                }
                """;
        Outcome o = only(dockerHost().build(), List.of(), nft(rules),
                tcpFrom("ext0", "198.51.100.2", 40000, "198.51.100.1", 8080));
        assertThat(o.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(o.steps()).filteredOn(s -> s.chain().equals("fwd")).extracting(TraceStep::ruleNumber).containsExactly(2);
    }

    @Test
    void ctStateAndMasquerade() {
        String rules = """
                table ip nat { chain post { type nat hook postrouting priority 100; oifname "ext0" masquerade; } }
                table inet filt {
                  chain fwd { type filter hook forward priority 0; policy drop; ct state established,related accept; iifname "docker0" accept; }
                }
                """;
        WalkRequest out = tcpFrom("v-web", "172.17.0.2", 40000, "198.51.100.2", 7000);
        Outcome o = only(dockerHost().build(), List.of(), nft(rules), out);
        assertThat(o.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(o.packet().src()).isEqualTo(Walks.ip("198.51.100.1"));
        Outcome reply = only(dockerHost().build(), List.of(), nft(rules), out.asReply());
        assertThat(reply.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(reply.packet().dst()).isEqualTo(Walks.ip("172.17.0.2"));
        assertThat(forward(rules, 80).verdict()).isEqualTo(WalkVerdict.DROP);
    }

    @Test
    void whatNflintCannotModelForks() {
        WalkResult r = new Walker(dockerHost().build(), List.of(), nft("""
                table inet t { chain fwd { type filter hook forward priority 0; policy accept; numgen random mod 2 0 drop; } }
                """)).walk(tcpFrom("ext0", "198.51.100.2", 40000, "172.17.0.2", 80));
        assertThat(r.outcomes()).extracting(Outcome::verdict).containsExactlyInAnyOrder(WalkVerdict.DROP, WalkVerdict.ACCEPT);
    }

    @Test
    void nftTraceLinesReadLikeNftMonitorTrace() {
        Outcome o = forward("""
                table inet filter { chain forward { type filter hook forward priority 0; policy drop; tcp dport 80 accept; } }
                """, 80);
        assertThat(o.steps().get(0).render("1a2b3c4d"))
                .isEqualTo("trace id 1a2b3c4d inet filter forward rule tcp dport 80 accept (verdict accept) (t.nft:1)");
        assertThat(o.steps().get(0).nft().priority()).isZero();
    }

    @Test
    void nftHooksOrderDecidesTiesWhenTheBundleHasIt() {
        String rules = """
                table inet first { chain fwd { type filter hook forward priority 0; policy accept; tcp dport 80 drop; } }
                table inet second { chain fwd { type filter hook forward priority 0; policy accept; tcp dport 80 reject with tcp reset; } }
                """;
        // without nft list hooks: the table loaded last (second) runs first
        assertThat(forward(rules, 80).verdict()).isEqualTo(WalkVerdict.REJECT);
        String hooksText = """
                family ip {
                	hook forward {
                		 0000000000 chain inet first fwd [nf_tables]
                		 0000000000 chain inet second fwd [nf_tables]
                	}
                }
                """;
        io.nflint.ir.nft.NftHooks hooks = io.nflint.nft.hooks.NftHooksReader.read("nft-hooks.txt", hooksText);
        assertThat(hooks.diagnostics()).isEmpty();
        NftRuleset withHooks = nft(rules).withHooks(hooks, hooksText);
        Outcome o = only(dockerHost().build(), List.of(), withHooks,
                tcpFrom("ext0", "198.51.100.2", 40000, "172.17.0.2", 80));
        assertThat(o.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(o.steps()).extracting(TraceStep::table).containsExactly("first");
    }
}
