package io.nflint.symbolic;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Rule;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Containment and exactness of rule boxes: what lets NFL101 say a goto's chain decides all of a rule's packets. */
class BoxContainsTest {

    private static List<Rule> rules(String... lines) {
        String text = "*filter\n:INPUT DROP [0:0]\n" + String.join("\n", lines) + "\nCOMMIT\n";
        return DumpParser.parse("t.rules", text, ParseOptions.DETECT).rules();
    }

    @Test
    void widerNetworksProtocolsAndPortsContainNarrowerOnes() {
        List<Rule> r = rules("-A INPUT -s 203.0.113.0/24 -p tcp -j ACCEPT",
                "-A INPUT -s 203.0.113.5/32 -p tcp -m tcp --dport 443 -j ACCEPT",
                "-A INPUT -p tcp -j ACCEPT",
                "-A INPUT -s 198.51.100.0/24 -p tcp -j ACCEPT",
                "-A INPUT -s 203.0.113.0/24 -p udp -j ACCEPT");
        Box wide = Box.of(r.get(0));
        Box narrow = Box.of(r.get(1));
        assertThat(wide.contains(narrow)).isTrue();
        assertThat(narrow.contains(wide)).isFalse();
        assertThat(Box.of(r.get(2)).contains(wide)).as("no address bound contains any").isTrue();
        assertThat(wide.contains(Box.of(r.get(2)))).as("an address bound does not contain the unbounded").isFalse();
        assertThat(Box.of(r.get(3)).contains(narrow)).isFalse();
        assertThat(Box.of(r.get(4)).contains(narrow)).as("other protocol").isFalse();
    }

    @Test
    void onlyRulesWithoutNegationsFlagsOrOtherModulesAreExact() {
        List<Rule> r = rules("-A INPUT -s 10.0.0.0/8 -i eth0 -p tcp -m tcp --dport 22 -m comment --comment ssh -j ACCEPT",
                "-A INPUT ! -s 10.0.0.0/8 -j ACCEPT",
                "-A INPUT -p tcp -m tcp --tcp-flags SYN,ACK SYN -j ACCEPT",
                "-A INPUT -m conntrack --ctstate NEW -j ACCEPT",
                "-A INPUT -i eth+ -j ACCEPT",
                "-A INPUT -p tcp -m multiport --dports 22,80 -j ACCEPT");
        assertThat(Box.exact(r.get(0))).isTrue();
        assertThat(r.subList(1, r.size())).noneMatch(Box::exact);
    }
}
