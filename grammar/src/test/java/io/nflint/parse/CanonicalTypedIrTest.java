package io.nflint.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.match.Match;
import io.nflint.ir.match.UnknownMatch;
import io.nflint.ir.target.UnknownTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule the real iptables-save printed for the upstream vectors of a modelled module becomes
 * a typed IR element, never an unknown one.
 */
class CanonicalTypedIrTest {

    private static final Set<String> MODULES = Set.of("tcp", "udp", "sctp", "dccp", "icmp", "icmp6", "multiport", "conntrack",
            "state", "addrtype", "mark", "connmark", "comment", "physdev", "iprange", "mac", "set", "statistic",
            "limit", "owner", "pkttype", "recent");
    private static final Set<String> TARGETS = Set.of("ACCEPT", "DROP", "REJECT", "RETURN", "LOG", "NFLOG", "TRACE",
            "MARK", "CONNMARK", "DNAT", "SNAT", "MASQUERADE", "REDIRECT", "NETMAP", "CT", "NOTRACK", "CHECKSUM", "TCPMSS");

    static Stream<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("iptables-nft", "iptables-legacy", "ip6tables-nft", "ip6tables-legacy")) {
            try (Stream<Path> s = Files.list(Corpus.root().resolve("canonical").resolve(dir))) {
                s.filter(p -> covered(name(p))).sorted().forEach(out::add);
            }
        }
        assertThat(out).hasSizeGreaterThan(60);
        return out.stream();
    }

    /** {@code libxt_tcp.rules} → {@code tcp}. */
    private static String name(Path p) {
        String f = p.getFileName().toString();
        return f.substring(f.indexOf('_') + 1, f.length() - ".rules".length());
    }

    private static boolean covered(String n) {
        return MODULES.contains(n) || TARGETS.contains(n) || n.equals("standard");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void everyRuleIsTyped(Path file) throws IOException {
        String rel = Corpus.root().relativize(file).toString();
        Ruleset rs = DumpParser.parse(rel, Files.readAllBytes(file), ParseOptions.DETECT);
        assertThat(rs.diagnostics()).as("diagnostics of %s", rel).isEmpty();
        String module = name(file);
        List<String> untyped = new ArrayList<>();
        for (Rule r : rs.rules()) {
            for (Match m : r.matches()) {
                if (m instanceof UnknownMatch u && (u.module().toLowerCase(Locale.ROOT).equals(module) || MODULES.contains(u.module()))) {
                    untyped.add(r.span().line() + ": " + r.text());
                }
            }
            if (r.target() instanceof UnknownTarget t && TARGETS.contains(t.name())) {
                untyped.add(r.span().line() + ": " + r.text());
            }
        }
        assertThat(untyped).as("rules of %s kept as unknown", rel).isEmpty();
        if (!rs.rules().isEmpty()) {
            assertThat(rs.ruleCount()).isPositive();
        }
    }
}
