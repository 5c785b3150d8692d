package io.nflint.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.host.HostModel;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.nft.parse.NftParseOptions;
import io.nflint.nft.parse.NftTextParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A finding about a value points at the value, not at the whole statement: NFL610's port, range and
 * prefix inside a match, and NFL602's entry of a verdict map.
 */
class NftValueSpanTest {

    private static final String TEXT = String.join("\n",
            "table ip t {",
            "\tchain c {",
            "\t\ttype filter hook input priority filter; policy drop;",
            "\t\tip6 nexthdr tcp   tcp dport   70000 accept",
            "\t\ttcp dport 2200-22 drop",
            "\t\tip saddr 10.0.0.0/33 accept",
            "\t\tip daddr 10.0.0.300 accept",
            "\t\tiifname vmap { \"lo\" : accept, \"br0\" : jump in_wird }",
            "\t}",
            "}", "");

    private static List<String> findings(NftRuleset rs) {
        return CheckRunner.allChecks().run(new CheckContext("v.nft", List.of(), List.of(rs), HostModel.empty(), false))
                .stream().filter(f -> f.id().equals("NFL610") || f.id().equals("NFL602"))
                .map(f -> f.id() + " " + f.span().line() + ":" + f.span().column() + "-" + f.span().endColumn() + " "
                        + TEXT.split("\n")[f.span().line() - 1].substring(f.span().column() - 1, f.span().endColumn() - 1))
                .toList();
    }

    @Test
    void theValueIsUnderlinedNotTheMatch() {
        NftRuleset rs = NftTextParser.parse("v.nft", TEXT, null, NftParseOptions.defaults());
        assertThat(findings(rs)).containsExactlyInAnyOrder(
                "NFL610 4:33-38 70000",
                "NFL610 5:13-20 2200-22",
                "NFL610 6:12-23 10.0.0.0/33",
                "NFL610 7:12-22 10.0.0.300",
                "NFL602 8:33-53 \"br0\" : jump in_wird");
    }
}
