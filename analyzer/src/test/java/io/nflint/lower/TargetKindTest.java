package io.nflint.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kind of each target as the dump writes it, and what the checks ask of the kinds. */
class TargetKindTest {

    private static List<TargetKind> kinds(String table, String chain, String... targets) {
        StringBuilder sb = new StringBuilder("*" + table + "\n:" + chain + " ACCEPT [0:0]\n:USER - [0:0]\n");
        for (String t : targets) {
            sb.append("-A ").append(chain).append(' ').append(t).append('\n');
        }
        Ruleset rs = DumpParser.parse("t.rules", sb.append("COMMIT\n").toString(), ParseOptions.DETECT);
        return rs.rules().stream().filter(r -> r.chain().equals(chain)).map(Rule::target).map(TargetKind::of).toList();
    }

    @Test
    void filterTargets() {
        assertEquals(List.of(TargetKind.VERDICT, TargetKind.VERDICT, TargetKind.REJECT, TargetKind.CALL, TargetKind.CALL,
                        TargetKind.COUNT, TargetKind.LOG, TargetKind.LOG, TargetKind.UNKNOWN),
                kinds("filter", "INPUT", "-j ACCEPT", "-j RETURN", "-j REJECT", "-j USER", "-g USER", "-p tcp",
                        "-j LOG --log-prefix x", "-j NFLOG", "-j CLASSIFY --set-class 1:1"));
    }

    @Test
    void stateAndNatTargets() {
        assertEquals(List.of(TargetKind.MARK, TargetKind.MARK, TargetKind.CONNTRACK, TargetKind.TRACE),
                kinds("raw", "PREROUTING", "-j MARK --set-xmark 0x1/0xffffffff", "-j CONNMARK --save-mark",
                        "-j NOTRACK", "-j TRACE"));
        assertEquals(List.of(TargetKind.NAT, TargetKind.NAT, TargetKind.NAT),
                kinds("nat", "POSTROUTING", "-j MASQUERADE", "-j SNAT --to-source 192.0.2.1", "-j NETMAP --to 10.0.0.0/8"));
    }

    @Test
    void onlyCountingLoggingAndTracingObserveWithoutChangingAnything() {
        for (TargetKind k : TargetKind.values()) {
            boolean observes = k == TargetKind.COUNT || k == TargetKind.LOG || k == TargetKind.TRACE;
            assertEquals(observes, k.onlyObserves(), k.name());
            assertEquals(k == TargetKind.MARK || k == TargetKind.CONNTRACK, k.setsState(), k.name());
        }
    }
}
