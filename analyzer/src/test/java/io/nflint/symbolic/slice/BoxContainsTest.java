package io.nflint.symbolic.slice;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Rule;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Containment of rule boxes, which covering proofs (NFL101, NFL102) start from. */
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
        Box wide = Box.of(io.nflint.lower.LoweredRule.of(r.get(0)));
        Box narrow = Box.of(io.nflint.lower.LoweredRule.of(r.get(1)));
        assertThat(wide.contains(narrow)).isTrue();
        assertThat(narrow.contains(wide)).isFalse();
        assertThat(Box.of(io.nflint.lower.LoweredRule.of(r.get(2))).contains(wide)).as("no address bound contains any").isTrue();
        assertThat(wide.contains(Box.of(io.nflint.lower.LoweredRule.of(r.get(2))))).as("an address bound does not contain the unbounded").isFalse();
        assertThat(Box.of(io.nflint.lower.LoweredRule.of(r.get(3))).contains(narrow)).isFalse();
        assertThat(Box.of(io.nflint.lower.LoweredRule.of(r.get(4))).contains(narrow)).as("other protocol").isFalse();
    }

    @Test
    void sctpPortsNarrowLikeTcpPorts() {
        List<Rule> r = rules("-A INPUT -p sctp -m sctp --dport 50000 -j ACCEPT",
                "-A INPUT -p sctp -m sctp ! --dport 50000 -j ACCEPT",
                "-A INPUT -p sctp -m sctp --sport 1000:2000 -j ACCEPT");
        Box b = Box.of(io.nflint.lower.LoweredRule.of(r.get(0)));
        assertThat(b.dportLo()).isEqualTo(50000);
        assertThat(b.dportHi()).isEqualTo(50000);
        assertThat(b.sample(false).dport()).as("the probe's packet takes the rule").isEqualTo(50000);
        assertThat(Box.of(io.nflint.lower.LoweredRule.of(r.get(1))).dportLo()).as("a negation does not narrow").isZero();
        assertThat(Box.of(io.nflint.lower.LoweredRule.of(r.get(1))).dportHi()).isEqualTo(65535);
        assertThat(Box.of(io.nflint.lower.LoweredRule.of(r.get(2))).sportLo()).isEqualTo(1000);
        assertThat(Box.of(io.nflint.lower.LoweredRule.of(r.get(2))).contains(b)).isFalse();
    }
}
