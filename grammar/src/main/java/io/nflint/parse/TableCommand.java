package io.nflint.parse;

import io.nflint.ir.Counters;
import io.nflint.ir.Family;
import io.nflint.ir.Rule;
import io.nflint.ir.SourceSpan;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One command line ({@code -A}, {@code -I}, {@code -D}, {@code -R}, {@code -N}, {@code -X},
 * {@code -F}, {@code -Z}, {@code -P}, {@code -E}): separates the command, {@code -t}, {@code -4/-6}
 * and {@code -c} from the rule's own options, and applies it to the table.
 */
final class TableCommand {

    private final RulesetBuilder builder;
    private final SourceText.Line line;
    private final LineSyntax.Command syntax;
    private Counters counters;

    TableCommand(RulesetBuilder builder, SourceText.Line line, LineSyntax.Command syntax, Counters counters) {
        this.builder = builder;
        this.line = line;
        this.syntax = syntax;
        this.counters = counters;
    }

    /** The commands a line can carry, one per line. */
    private static final Set<String> COMMANDS = Set.of("-A", "--append", "-I", "--insert", "-D", "--delete", "-R",
            "--replace", "-N", "--new-chain", "--new", "-X", "--delete-chain", "-F", "--flush", "-Z", "--zero", "-P",
            "--policy", "-E", "--rename-chain");
    /** Options that list or check rules, which have no place in a rule set. */
    private static final Set<String> QUERIES = Set.of("-L", "--list", "-S", "--list-rules", "-C", "--check", "-h",
            "--help", "-V", "--version");
    /** Options of the line rather than of its rule: table, family, counters (see {@link #apply}). */
    private static final Set<String> LINE_OPTIONS = Set.of("-t", "--table", "-4", "--ipv4", "-6", "--ipv6", "-c",
            "--set-counters");

    /** The three above: asked once per option of every line of a dump, so one lookup instead of three. */
    private static final Set<String> NOT_RULE_OPTIONS;

    static {
        Set<String> all = new java.util.HashSet<>(COMMANDS);
        all.addAll(QUERIES);
        all.addAll(LINE_OPTIONS);
        NOT_RULE_OPTIONS = Set.copyOf(all);
    }

    /** Whether an option belongs to the rule, not to the command line around it. */
    static boolean isRuleOption(String option) {
        return !NOT_RULE_OPTIONS.contains(option);
    }

    void apply() throws BadValueException {
        Opt command = null;
        String table = null;
        SourceSpan tableSpan = null;
        List<Opt> ruleOptions = new ArrayList<>();
        for (Opt o : syntax.options()) {
            if (COMMANDS.contains(o.name())) {
                if (command != null) {
                    throw BadValueException.syntax("two commands in one line: " + command.name() + " and " + o.name(),
                            o.nameSpan());
                }
                if (o.anyNegation()) {
                    throw BadValueException.syntax("'!' cannot negate a command", o.span());
                }
                command = o;
                continue;
            }
            if (QUERIES.contains(o.name())) {
                throw BadValueException.syntax(o.name() + " lists or checks rules; it has no place in a rule set", o.nameSpan());
            }
            switch (o.name()) {
                case "-t", "--table" -> {
                    table = RuleAssembler.exactlyOne(o).text();
                    tableSpan = o.span();
                }
                case "-4", "--ipv4" -> {
                    if (builder.family() == Family.IPV6) {
                        return;
                    }
                    RuleAssembler.noValues(o, 0);
                }
                case "-6", "--ipv6" -> {
                    if (builder.family() == Family.IPV4) {
                        return;
                    }
                    RuleAssembler.noValues(o, 0);
                }
                case "-c", "--set-counters" -> {
                    RuleAssembler.noValues(o, 2);
                    counters = new Counters(Values.number(o.values().get(0).text(), o.values().get(0), Long.MAX_VALUE),
                            Values.number(o.values().get(1).text(), o.values().get(1), Long.MAX_VALUE));
                }
                default -> ruleOptions.add(o);
            }
        }
        if (command == null) {
            throw BadValueException.syntax("no command specified (expected -A, -I, -N, -P, … before the rule)",
                    syntax.options().get(0).nameSpan());
        }
        TableBuilder t = builder.tableFor(table, tableSpan == null ? command.span() : tableSpan);
        if (t == null) {
            return;
        }
        run(t, command, ruleOptions);
    }

    private void run(TableBuilder t, Opt command, List<Opt> ruleOptions) throws BadValueException {
        List<Val> args = command.values();
        String name = command.name();
        switch (name) {
            case "-A", "--append" -> {
                ChainBuilder chain = chainArg(t, command, args, 1);
                chain.rules.add(rule(t, chain.name, ruleOptions));
            }
            case "-I", "--insert" -> {
                ChainBuilder chain = chainArg(t, command, args, 2);
                int pos = args.size() > 1 ? position(args.get(1)) : 1;
                if (pos > chain.rules.size() + 1) {
                    builder.diagnose(io.nflint.ir.ParseDiagnostic.Kind.RESTORE_FAILS, "index of insertion too big: chain "
                            + chain.name + " has " + chain.rules.size() + " rules; nflint appends the rule", args.get(1).span());
                    pos = chain.rules.size() + 1;
                }
                chain.rules.add(pos - 1, rule(t, chain.name, ruleOptions));
            }
            case "-R", "--replace" -> {
                ChainBuilder chain = chainArg(t, command, args, 2);
                int pos = numberArg(command, args, chain);
                chain.rules.set(pos - 1, rule(t, chain.name, ruleOptions));
            }
            case "-D", "--delete" -> {
                ChainBuilder chain = chainArg(t, command, args, 2);
                if (args.size() > 1) {
                    noRuleOptions(ruleOptions);
                    chain.rules.remove(numberArg(command, args, chain) - 1);
                } else {
                    Rule spec = rule(t, chain.name, ruleOptions);
                    String wanted = spec.specText();
                    int found = -1;
                    for (int i = 0; i < chain.rules.size() && found < 0; i++) {
                        if (chain.rules.get(i).specText().equals(wanted)) {
                            found = i;
                        }
                    }
                    if (found < 0) {
                        throw BadValueException.restoreFails("no such rule in chain " + chain.name + " to delete", command.span());
                    }
                    chain.rules.remove(found);
                }
            }
            case "-N", "--new-chain", "--new" -> {
                noRuleOptions(ruleOptions);
                String chainName = single(command, args);
                ChainBuilder existing = t.chains.get(chainName);
                if (existing != null && existing.span != null) {
                    existing.redeclarations.add(command.span());
                } else {
                    t.chain(chainName).span = SourceSpan.line(builder.file(), line.number(), line.text().length(), line.offset());
                }
            }
            case "-X", "--delete-chain" -> {
                noRuleOptions(ruleOptions);
                if (args.isEmpty()) {
                    t.chains.values().removeIf(c -> !c.builtin);
                } else {
                    String chainName = single(command, args);
                    ChainBuilder c = t.chains.get(chainName);
                    if (c == null || c.builtin) {
                        throw BadValueException.restoreFails("cannot delete chain " + chainName
                                + (c == null ? ": no such chain" : ": it is built in"), args.get(0).span());
                    }
                    t.chains.remove(chainName);
                }
            }
            case "-F", "--flush" -> {
                noRuleOptions(ruleOptions);
                if (args.isEmpty()) {
                    t.chains.values().forEach(c -> c.rules.clear());
                } else {
                    chainArg(t, command, args, 1).rules.clear();
                }
            }
            case "-Z", "--zero" -> noRuleOptions(ruleOptions);
            case "-P", "--policy" -> {
                noRuleOptions(ruleOptions);
                if (args.size() != 2) {
                    throw BadValueException.syntax("-P needs a chain and a policy", command.span());
                }
                ChainBuilder chain = t.chain(args.get(0).text());
                builder.policy(chain, args.get(1));
            }
            case "-E", "--rename-chain" -> {
                noRuleOptions(ruleOptions);
                if (args.size() != 2) {
                    throw BadValueException.syntax("-E needs the old and the new chain name", command.span());
                }
                ChainBuilder c = t.chains.get(args.get(0).text());
                if (c == null) {
                    throw BadValueException.restoreFails("cannot rename chain " + args.get(0).text() + ": no such chain", args.get(0).span());
                }
                String to = args.get(1).text();
                if (t.chains.containsKey(to)) {
                    throw BadValueException.restoreFails("cannot rename to " + to + ": chain already exists", args.get(1).span());
                }
                List<ChainBuilder> order = new ArrayList<>(t.chains.values());
                t.chains.clear();
                for (ChainBuilder cb : order) {
                    if (cb == c) {
                        cb.name = to;
                    }
                    t.chains.put(cb.name, cb);
                }
                builder.renameChain(t, args.get(0).text(), to);
            }
            default -> throw new IllegalStateException(name);
        }
    }

    private Rule rule(TableBuilder t, String chain, List<Opt> ruleOptions) throws BadValueException {
        SourceSpan span = SourceSpan.line(builder.file(), line.number(), line.text().length(), line.offset());
        String text = line.text();
        return builder.family() == Family.BRIDGE
                ? BridgeRuleAssembler.build(t.name, chain, ruleOptions, counters, span, text)
                : builder.family() == Family.ARP
                ? ArpRuleAssembler.build(t.name, chain, ruleOptions, counters, span, text)
                : RuleAssembler.build(builder.family(), t.name, chain, ruleOptions, counters, span, text);
    }

    private ChainBuilder chainArg(TableBuilder t, Opt command, List<Val> args, int max) throws BadValueException {
        if (args.isEmpty()) {
            throw BadValueException.syntax("option \"" + command.name() + "\" requires a chain name", command.span());
        }
        if (args.size() > max) {
            throw BadValueException.syntax("Bad argument `" + args.get(max).text() + "'", args.get(max).span());
        }
        return t.chain(args.get(0).text());
    }

    private static String single(Opt command, List<Val> args) throws BadValueException {
        if (args.size() != 1) {
            throw BadValueException.syntax(command.name() + " needs exactly one chain name", command.span());
        }
        return args.get(0).text();
    }

    private static int position(Val v) throws BadValueException {
        if (!Values.isDigits(v.text()) || v.text().length() > 9 || Integer.parseInt(v.text()) < 1) {
            throw BadValueException.value("invalid rule number '" + v.text() + "'", v.span());
        }
        return Integer.parseInt(v.text());
    }

    private static int numberArg(Opt command, List<Val> args, ChainBuilder chain) throws BadValueException {
        if (args.size() < 2) {
            throw BadValueException.syntax(command.name() + " needs a rule number", command.span());
        }
        int pos = position(args.get(1));
        if (pos > chain.rules.size()) {
            throw BadValueException.restoreFails("chain " + chain.name + " has no rule " + pos + " (it has " + chain.rules.size() + ")",
                    args.get(1).span());
        }
        return pos;
    }

    private static void noRuleOptions(List<Opt> ruleOptions) throws BadValueException {
        Iterator<Opt> it = ruleOptions.iterator();
        if (it.hasNext()) {
            Opt o = it.next();
            throw BadValueException.syntax("unexpected option \"" + o.name() + "\" for this command", o.nameSpan());
        }
    }
}
