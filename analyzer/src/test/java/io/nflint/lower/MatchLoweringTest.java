package io.nflint.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a few modules lower to: the parts both engines read. */
class MatchLoweringTest {

    private static LoweredRule lower(String spec) {
        Ruleset rs = DumpParser.parse("t.rules", "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT " + spec + " -j ACCEPT\nCOMMIT\n",
                ParseOptions.DETECT);
        Rule r = rs.rules().get(0);
        return LoweredRule.of(r);
    }

    @Test
    void multiportOnEitherSideTestsBothPortsPerRange() {
        Pred p = lower("-p tcp -m multiport --ports 22,80:81").matches().get(1).pred();
        Pred.Any any = (Pred.Any) ((Pred.All) p).preds().get(1);
        assertEquals(List.of(Field.TH_SPORT, Field.TH_DPORT, Field.TH_SPORT, Field.TH_DPORT),
                any.preds().stream().map(x -> ((Pred.Test) x).field()).toList());
        assertEquals(new Values.Interval(80, 81), ((Pred.Test) any.preds().get(3)).values());
    }

    @Test
    void ctstateDnatIsTheNatStatusNotAState() {
        LoweredRule r = lower("-m conntrack --ctstate ESTABLISHED,DNAT");
        assertTrue(r.readsState());
        assertEquals(java.util.Set.of(Field.CT_STATE, Field.CT_STATUS), Preds.fields(r.matches().get(0).pred()));
    }

    @Test
    void unknownModulesAreOpaqueWithTheirReason() {
        Lowered l = lower("-m quota --quota 100").matches().get(0);
        assertTrue(l.caps().notModelled());
        assertEquals("module quota is not modelled", ((Pred.Opaque) l.pred()).reason());
    }

    @Test
    void ownerWithoutASocketFailsUnlessEveryOptionIsNegated() {
        Pred p = lower("-m owner ! --uid-owner 0").matches().get(0).pred();
        assertEquals(Field.SOCKET, ((Pred.IfAbsent) p).field());
        assertTrue(((Pred.IfAbsent) p).absent());
    }

    @Test
    void headerMatchesAreCachedByTheSymbolicEngineAndStateMatchesAreNot() {
        assertTrue(lower("-s 10.0.0.0/8 -p udp -m udp --dport 53").headerOnly());
        assertTrue(lower("-m mark --mark 0x4000/0x4000").readsState());
    }
}
