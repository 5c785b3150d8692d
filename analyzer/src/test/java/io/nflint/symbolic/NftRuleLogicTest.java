package io.nflint.symbolic;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.nft.NftRuleset;
import io.nflint.nft.parse.NftParseOptions;
import io.nflint.nft.parse.NftTextParser;
import io.nflint.symbolic.z3.Z3Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rule logic on native nft rulesets: what is shadowed, never matched, redundant or unreachable,
 * what only "may" be (a rate limit, a set filled at run time) and is therefore not reported, that
 * an inet rule counts as shadowed only when it is in both families, and that the work is counted.
 */
class NftRuleLogicTest {

    private static NftRuleLogicReport logic(String text, EngineOptions options) {
        NftRuleset rs = NftTextParser.parse("t.nft", text, null, NftParseOptions.defaults());
        assertThat(rs.diagnostics()).isEmpty();
        try (SymbolicEngine engine = Z3Engine.open(options)) {
            return engine.nftRuleLogic(rs);
        }
    }

    private static List<Integer> lines(List<? extends Record> found) {
        return found.stream().map(f -> f instanceof NftRuleLogicReport.Shadowed s ? s.rule().span().line()
                : ((NftRuleLogicReport.Redundant) f).rule().span().line()).toList();
    }

    private static final String RULES = """
            table inet f {
              chain sub {
                accept
              }
              chain input {
                type filter hook input priority 0; policy drop;
                ip saddr 10.0.0.0/8 drop
                ip saddr 10.1.0.0/16 tcp dport 22 accept
                ip6 saddr 2001:db8::/32 accept
                ip saddr 192.168.0.0/16 limit rate 10/second accept
                ip saddr 192.168.0.0/16 accept
                tcp dport 80 tcp dport 81 accept
                meta l4proto tcp drop
                tcp dport 443 jump sub
                tcp dport 8443 accept
                udp dport 53 accept
                udp dport 53 counter accept
              }
            }
            """;

    @Test
    void shadowedNeverMatchedRedundantAndMay() {
        NftRuleLogicReport r = logic(RULES, EngineOptions.DEFAULTS);
        // line 8: every packet it matches is dropped by line 7; line 12: no packet has two destination
        // ports; lines 14 and 15: TCP is dropped by line 13; line 17: line 16 accepts its packets;
        // line 11 only "may" be decided by the rate limit before it, so it is not reported
        assertThat(lines(r.shadowed())).containsExactly(8, 12, 14, 15, 17);
        assertThat(r.shadowed().get(0).deciders()).extracting(d -> d.span().line()).containsExactly(7);
        assertThat(r.shadowed().get(1).neverMatches()).isTrue();
        assertThat(r.shadowed().get(0).where()).isEqualTo("inet f input");
        // line 10 accepts only what line 11 accepts anyway, and line 17 what line 16 does, but the counter
        // of line 17 would count packets the rules before it take today: no rule above it is redundant
        assertThat(r.redundant()).isEmpty();
        assertThat(r.unreachableChains()).extracting(u -> u.chain().name()).containsExactly("sub");
        assertThat(r.undecided()).isEmpty();
    }

    @Test
    void aRuleBeforeAnAcceptOfTheSameIsRedundantAndTheLaterOneIsShadowed() {
        NftRuleLogicReport r = logic("""
                table ip f {
                  chain forward {
                    type filter hook forward priority 0; policy drop;
                    ip saddr 192.168.1.0/24 tcp dport 22 accept
                    ip saddr 192.168.0.0/16 accept
                    iifname "eth0" oifname "eth1" accept
                    ip saddr 192.168.7.7 accept
                  }
                }
                """, EngineOptions.DEFAULTS);
        assertThat(lines(r.redundant())).containsExactly(4);
        assertThat(lines(r.shadowed())).containsExactly(7);
    }

    @Test
    void anInetRuleIsShadowedOnlyWhenItIsInBothFamilies() {
        // IPv6 packets still reach line 5
        assertThat(logic(INET_TWICE, EngineOptions.DEFAULTS).shadowed()).isEmpty();
        // without the family test the second rule is shadowed in both
        assertThat(lines(logic(INET_TWICE.replace("meta nfproto ipv4 ", ""), EngineOptions.DEFAULTS).shadowed()))
                .containsExactly(5);
    }

    private static final String INET_TWICE = """
            table inet f {
              chain input {
                type filter hook input priority 0; policy accept;
                meta nfproto ipv4 tcp dport 22 drop
                tcp dport 22 drop
              }
            }
            """;

    @Test
    void aSpentWorkLimitLeavesRulesUndecidedNotWrong() {
        NftRuleLogicReport r = logic(RULES, EngineOptions.DEFAULTS.withRuleLogicWork(1));
        assertThat(r.rulesSkipped()).isPositive();
        assertThat(r.undecided()).isNotEmpty();
        assertThat(r.undecided().get(0).question()).contains("work limit");
    }

    /** Docker 29's nftables rulesets: analysed to the end, within the counted work, each with a verdict on every rule. */
    @Test
    void dockerRulesetsOfTheCorpusEndInCountedWork() throws IOException {
        Path dir = Path.of(System.getProperty("nflint.shared", "../shared")).resolve("corpus/nft/moby");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".nft")).sorted().limit(12).toList();
        }
        assertThat(files).isNotEmpty();
        int findings = 0;
        for (Path f : files) {
            NftRuleset rs = NftTextParser.parse(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8),
                    f.getParent(), NftParseOptions.defaults());
            try (Z3Engine engine = Z3Engine.open(EngineOptions.DEFAULTS)) {
                NftRuleLogicReport r = engine.nftRuleLogic(rs);
                assertThat(r.rulesExamined()).as(f.toString()).isPositive();
                assertThat(engine.work()).as("counted work of %s", f).isLessThan(
                        EngineOptions.DEFAULTS.ruleLogicWork() + 2 * EngineOptions.DEFAULTS.queryWork());
                findings += r.shadowed().size() + r.redundant().size() + r.unreachableChains().size();
            }
        }
        System.out.printf("[nft rule logic] %d Docker rulesets, %d findings%n", files.size(), findings);
    }
}
