package io.nflint.parse;

import io.nflint.ir.Counters;
import io.nflint.ir.Family;
import io.nflint.ir.Rule;
import io.nflint.ir.SourceSpan;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code -A CHAIN …} line's rule, assembled on a parse thread before the line is applied: the
 * assembly needs only the family, the table and the chain, and is most of applying a restore file.
 * Applying uses it only when the line really is such an append to the table it was assembled for
 * (see {@link RulesetBuilder}); every other line, and every surprise, takes the ordinary path.
 * {@code error} is what assembling threw, reported as the ordinary path would.
 */
record PreparedAppend(String table, String chain, Rule rule, BadValueException error) {

    /** The rule of a plain {@code -A CHAIN} line without counters in {@code table}; null for any other line. */
    static PreparedAppend of(Family family, String file, String table, SourceText.Line line, LineSyntax syntax) {
        if (table == null || !(syntax instanceof LineSyntax.Command c) || !c.lead().isEmpty() || c.options().isEmpty()) {
            return null;
        }
        Opt first = c.options().get(0);
        if (!(first.name().equals("-A") || first.name().equals("--append")) || first.anyNegation()
                || first.values().size() != 1) {
            return null;
        }
        List<Opt> ruleOptions = new ArrayList<>(c.options().size() - 1);
        for (int i = 1; i < c.options().size(); i++) {
            Opt o = c.options().get(i);
            if (!TableCommand.isRuleOption(o.name())) {
                return null;
            }
            ruleOptions.add(o);
        }
        String chain = first.values().get(0).text();
        SourceSpan span = SourceSpan.line(file, line.number(), line.text().length(), line.offset());
        try {
            Rule rule = family == Family.BRIDGE
                    ? BridgeRuleAssembler.build(table, chain, ruleOptions, Counters.NONE, span, line.text())
                    : family == Family.ARP
                    ? ArpRuleAssembler.build(table, chain, ruleOptions, Counters.NONE, span, line.text())
                    : RuleAssembler.build(family, table, chain, ruleOptions, Counters.NONE, span, line.text());
            return new PreparedAppend(table, chain, rule, null);
        } catch (BadValueException e) {
            return new PreparedAppend(table, chain, null, e);
        }
    }
}
