package io.nflint.rules.checks.nft;

import io.nflint.ir.nft.NftSet;
import io.nflint.ir.nft.NftTable;
import io.nflint.nft.parse.NftExprTypes;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.NftRefs;
import io.nflint.rules.support.Spelling;
import java.util.List;
import java.util.Optional;

/**
 * {@code @name} where the table has no such set, map or flowtable, or a set looked up with a key of
 * another type ({@code ip saddr @v6set}): nft rejects both.
 */
@CheckInfo(id = "NFL604", name = "nft-undefined-set", severity = Severity.ERROR,
        summary = "An nft @set or @map the table does not declare, or one looked up with a key of another type")
public final class NftUndefinedSetCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (NftTable t : NftRefs.completeTables(context)) {
            List<String> names = t.sets().stream().map(NftSet::name).toList();
            java.util.Map<String, NftSet> byName = new java.util.HashMap<>();
            t.sets().forEach(s -> byName.put(s.name(), s));
            for (NftRefs.SetUse u : NftRefs.setUses(t)) {
                Optional<NftSet> set = Optional.ofNullable(byName.get(u.set()));
                if (set.isEmpty()) {
                    if (NftRefs.isDefined(t, u.set())) {
                        continue;
                    }
                    Optional<String> guess = Spelling.closest(u.set(), names);
                    sink.at(u.span(), "@" + u.set() + ": " + NftRefs.where(t) + " has no set or map '" + u.set()
                                    + "'; nft rejects the rule (\"No such file or directory\")")
                            .location(t.name(), u.chain(), u.rule().text())
                            .help(guess.map(g -> "did you mean '@" + g + "'?")
                                    .orElse("declare it: 'set " + u.set() + " { type …; }'"))
                            .report();
                    continue;
                }
                if (u.key() == null || set.get().keyType().isEmpty()) {
                    continue;
                }
                Optional<List<String>> keyType = NftExprTypes.of(u.key());
                List<String> declared = set.get().keyType();
                if (keyType.isPresent() && keyType.get().size() == declared.size() && !compatible(keyType.get(), declared)) {
                    sink.at(u.span(), "@" + u.set() + " holds " + String.join(" . ", declared)
                                    + " but is looked up with " + String.join(" . ", keyType.get())
                                    + "; nft rejects the rule (\"datatype mismatch\")")
                            .location(t.name(), u.chain(), u.rule().text())
                            .help("look it up with a key of its type, or use the set meant for this key")
                            .report();
                }
            }
        }
    }

    private static boolean compatible(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            String x = a.get(i);
            String y = b.get(i);
            boolean addrMismatch = (x.equals("ipv4_addr") && y.equals("ipv6_addr"))
                    || (x.equals("ipv6_addr") && y.equals("ipv4_addr"))
                    || (x.endsWith("_addr") && !y.endsWith("_addr") && !y.equals("integer"))
                    || (x.equals("inet_service") && y.endsWith("_addr"));
            if (addrMismatch) {
                return false;
            }
        }
        return true;
    }
}
