package io.nflint.nft;

import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.nft.NftRuleset;
import org.junit.jupiter.api.Test;

class NftCorpusScanTest {
    @Test
    void scan() {
        for (NftCorpus.Entry e : NftCorpus.manifest()) {
            if (e.file().endsWith(".json") || e.kind().equals("canonical-json")) {
                continue;
            }
            NftRuleset rs = NftCorpus.parse(e);
            for (ParseDiagnostic d : rs.diagnostics()) {
                System.out.println("SCAN " + e.load() + " " + e.file() + " " + d.span() + " " + d.kind() + " " + d.message());
            }
        }
    }
}
