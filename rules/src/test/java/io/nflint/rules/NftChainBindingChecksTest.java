package io.nflint.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.host.HostModel;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.nft.parse.NftParseOptions;
import io.nflint.nft.parse.NftTextParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks see the rules of chains bound to a rule ({@code jump { … }}), and name such a chain by where it is bound. */
class NftChainBindingChecksTest {

    private static final String TEXT = String.join("\n",
            "table inet f {",
            "\tset allowed {",
            "\t\ttype ipv4_addr",
            "\t}",
            "\tchain input {",
            "\t\ttype filter hook input priority filter; policy drop;",
            "\t\ttcp dport 22 jump {",
            "\t\t\tip saddr @allowed accept",
            "\t\t\tjump nowhere",
            "\t\t\tdrop",
            "\t\t\tlog prefix \"never\"",
            "\t\t}",
            "\t}",
            "}", "");

    @Test
    void checksSeeTheRulesOfABoundChain() {
        NftRuleset rs = NftTextParser.parse("b.nft", TEXT, null, NftParseOptions.defaults());
        List<Finding> findings = CheckRunner.allChecks()
                .run(new CheckContext("b.nft", List.of(), List.of(rs), HostModel.empty(), false));
        assertThat(findings).extracting(f -> f.id() + " " + f.span().line() + ":" + f.span().column() + " " + f.message())
                .anyMatch(s -> s.startsWith("NFL602 9:4 jump nowhere"))
                .anyMatch(s -> s.startsWith("NFL607 11:4 this rule in chain the chain bound at line 7 never run"))
                .noneMatch(s -> s.startsWith("NFL605")); // the set is used inside the binding, the bound chain by its rule
    }
}
