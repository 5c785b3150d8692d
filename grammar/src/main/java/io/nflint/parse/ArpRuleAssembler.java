package io.nflint.parse;

import io.nflint.ir.Counters;
import io.nflint.ir.Rule;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.match.InterfaceMatch;
import io.nflint.ir.match.Match;
import io.nflint.ir.match.UnknownMatch;
import io.nflint.ir.target.Jump;
import io.nflint.ir.target.NoTarget;
import io.nflint.ir.target.Target;
import io.nflint.ir.target.UnknownTarget;
import io.nflint.ir.target.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * arptables rules are read and kept, not analysed: interfaces and targets are typed, the ARP
 * header options are kept verbatim as one {@code arp} match (recognised, unmodelled).
 */
final class ArpRuleAssembler {

    private ArpRuleAssembler() {
    }

    static Rule build(String table, String chain, List<Opt> options, Counters counters, SourceSpan ruleSpan, String text)
            throws BadValueException {
        List<Match> matches = new ArrayList<>();
        List<Opt> arp = new ArrayList<>();
        List<Opt> targetOpts = new ArrayList<>();
        String targetName = null;
        SourceSpan targetSpan = null;
        for (Opt o : options) {
            switch (o.name()) {
                case "-i", "--in-interface" -> matches.add(new InterfaceMatch(InterfaceMatch.Kind.IN, o.anyNegation(),
                        RuleAssembler.exactlyOne(o).text(), o.span()));
                case "-o", "--out-interface" -> matches.add(new InterfaceMatch(InterfaceMatch.Kind.OUT, o.anyNegation(),
                        RuleAssembler.exactlyOne(o).text(), o.span()));
                case "-j", "--jump" -> {
                    targetName = RuleAssembler.exactlyOne(o).text();
                    targetSpan = o.span();
                }
                default -> {
                    if (targetName != null && o.name().startsWith("--" + targetName.toLowerCase(java.util.Locale.ROOT))) {
                        targetOpts.add(o);
                        targetSpan = targetSpan.to(o.span());
                    } else {
                        arp.add(o);
                    }
                }
            }
        }
        if (!arp.isEmpty()) {
            SourceSpan s = arp.get(0).span().to(arp.get(arp.size() - 1).span());
            matches.add(new UnknownMatch("arp", ModuleSpec.raw(arp), s));
        }
        Target target;
        if (targetName == null) {
            target = new NoTarget(ruleSpan);
        } else {
            target = switch (targetName) {
                case "ACCEPT" -> new Verdict(Verdict.Kind.ACCEPT, targetSpan);
                case "DROP" -> new Verdict(Verdict.Kind.DROP, targetSpan);
                case "RETURN" -> new Verdict(Verdict.Kind.RETURN, targetSpan);
                case "CONTINUE" -> new Verdict(Verdict.Kind.CONTINUE, targetSpan);
                default -> targetName.equals("mangle") || targetName.equals("MARK") || targetName.equals("CLASSIFY")
                        || !targetOpts.isEmpty()
                        ? new UnknownTarget(targetName, ModuleSpec.raw(targetOpts), targetName.equals("mangle"), targetSpan)
                        : new Jump(targetName, targetSpan);
            };
        }
        return new Rule(table, chain, 0, matches, target, counters, ruleSpan, text);
    }
}
