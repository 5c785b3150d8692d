package io.nflint.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.match.Match;
import io.nflint.ir.match.UnknownMatch;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every rule of every iptables/ebtables dump in the shared corpus lowers, match by match. */
class LoweringCorpusTest {

    @Test
    void lowersEveryCorpusRule() throws IOException {
        String shared = System.getProperty("nflint.shared");
        assertNotNull(shared, "system property nflint.shared is not set (surefire sets it)");
        Path corpus = Path.of(shared, "corpus");
        assertTrue(Files.isDirectory(corpus), "corpus not found at " + corpus);
        List<Path> files;
        try (Stream<Path> s = Files.walk(corpus)) {
            files = s.filter(p -> p.toString().endsWith(".rules") && !p.toString().contains("/nft/")).sorted().toList();
        }
        int rules = 0;
        Set<Field> seen = EnumSet.noneOf(Field.class);
        Set<String> modules = new TreeSet<>();
        for (Path f : files) {
            Ruleset rs = DumpParser.parse(f.toString(), Files.readAllBytes(f), ParseOptions.DETECT);
            LoweredRuleset lowered = LoweredRuleset.of(rs);
            for (Rule r : rs.rules()) {
                LoweredRule lr = lowered.get(r);
                assertEquals(r.matches().size(), lr.matches().size(), f + ":" + r.span().line());
                for (int i = 0; i < r.matches().size(); i++) {
                    Match m = r.matches().get(i);
                    Lowered l = lr.matches().get(i);
                    assertTrue(l.match() == m, "lowered in the rule's order");
                    assertEquals(m instanceof UnknownMatch, l.caps().notModelled(), m.toString());
                    assertFalse(l.caps().headerOnly() && l.caps().readsState(), m.toString());
                    seen.addAll(Preds.fields(l.pred()));
                    modules.add(m.module());
                }
                rules++;
            }
        }
        assertTrue(rules > 10_000, "corpus rules lowered: " + rules);
        // the corpus exercises the header, conntrack and bridge parts of the vocabulary
        assertTrue(seen.containsAll(EnumSet.of(Field.IP_SADDR, Field.IP_DADDR, Field.L4PROTO, Field.TH_DPORT,
                Field.IIFNAME, Field.OIFNAME, Field.CT_STATE, Field.META_MARK, Field.FIB_DADDR_TYPE, Field.PHYSDEV_IN,
                Field.ICMP_TYPE)), "fields seen: " + seen);
        assertTrue(modules.containsAll(Set.of("multiport", "conntrack", "set", "statistic")), "modules seen: " + modules);
    }
}
