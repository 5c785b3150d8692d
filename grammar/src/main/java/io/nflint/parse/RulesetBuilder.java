package io.nflint.parse;

import io.nflint.ir.BuiltinChains;
import io.nflint.ir.CommentLine;
import io.nflint.ir.Counters;
import io.nflint.ir.Family;
import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.ParseDiagnostic.Kind;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.Table;
import io.nflint.ir.target.Goto;
import io.nflint.ir.target.Jump;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies the lines of a dump in order, as {@code iptables-restore} would: table sections, chain
 * declarations, and the commands that add, insert, delete and rename. In a listing (no
 * {@code *table} line anywhere) commands go to the table named by {@code -t} or the default table.
 */
final class RulesetBuilder {

    private static final Pattern COUNTERS = Pattern.compile("\\[(\\d+):(\\d+)\\]");
    private static final Set<String> PROGRAMS = Set.of("iptables", "ip6tables", "ebtables", "arptables",
            "iptables-legacy", "ip6tables-legacy", "iptables-nft", "ip6tables-nft", "ebtables-nft",
            "iptables-restore", "ip6tables-restore", "/sbin/iptables", "/sbin/ip6tables", "/usr/sbin/iptables",
            "/usr/sbin/ip6tables", "sudo", "$IPTABLES", "$IPT", "$IP6TABLES");

    private final String file;
    private final Family family;
    private final boolean listing;
    private final String defaultTable;
    private final Map<String, TableBuilder> tables = new LinkedHashMap<>();
    private final List<CommentLine> comments = new ArrayList<>();
    private final List<ParseDiagnostic> diagnostics = new ArrayList<>();
    private TableBuilder current;
    private SourceSpan lastLine;

    RulesetBuilder(String file, Family family, boolean listing, String defaultTable) {
        this.file = file;
        this.family = family;
        this.listing = listing;
        this.defaultTable = defaultTable;
    }

    void diagnose(Kind kind, String message, SourceSpan span) {
        diagnostics.add(new ParseDiagnostic(kind, message, span));
    }

    void accept(SourceText.Line line, LineSyntax syntax) {
        accept(line, syntax, null);
    }

    /** {@code prepared}: the line's rule if a parse thread assembled it (see {@link PreparedAppend}), else null. */
    void accept(SourceText.Line line, LineSyntax syntax, PreparedAppend prepared) {
        if (!(syntax instanceof LineSyntax.Blank)) {
            lastLine = SourceSpan.line(file, line.number(), line.text().length(), line.offset());
        }
        if (syntax instanceof LineSyntax.Comment c) {
            comments.add(new CommentLine(line.number(), c.text(), c.span()));
        } else if (syntax instanceof LineSyntax.Error e) {
            diagnose(Kind.SYNTAX, e.message(), e.span());
        } else if (syntax instanceof LineSyntax.TableHeader t) {
            table(t);
        } else if (syntax instanceof LineSyntax.ChainDecl c) {
            chainDecl(c);
        } else if (syntax instanceof LineSyntax.Commit c) {
            commit(c);
        } else if (syntax instanceof LineSyntax.Command c) {
            if (prepared != null && !listing && current != null && current.name.equals(prepared.table())) {
                append(prepared);
            } else {
                command(line, c);
            }
        }
    }

    private boolean needsCommit() {
        return !listing && family != Family.BRIDGE;
    }

    private void table(LineSyntax.TableHeader t) {
        if (current != null && needsCommit()) {
            current.missingCommitAt = t.span();
        }
        if (!t.extra().isEmpty()) {
            diagnose(Kind.SYNTAX, "Bad argument `" + t.extra().get(0).text() + "' after the table name", t.extra().get(0).span());
        }
        if (t.name().isEmpty()) {
            diagnose(Kind.SYNTAX, "table header without a table name", t.span());
        } else if (!BuiltinChains.isTable(family, t.name())) {
            diagnose(Kind.MALFORMED_VALUE, "table name '" + Printable.of(t.name()) + "' invalid: " + family.tool()
                    + " has " + String.join(", ", new java.util.TreeSet<>(BuiltinChains.tables(family))), t.span());
        }
        TableBuilder previous = tables.get(t.name());
        if (previous != null) {
            diagnose(Kind.RESTORE_FAILS, "table '" + t.name() + "' appears again (first at line " + previous.span.line()
                    + "); iptables-restore flushes it, so the rules of the first section are replaced", t.span());
        }
        current = new TableBuilder(t.name(), family, t.span());
        tables.put(t.name(), current);
    }

    private void commit(LineSyntax.Commit c) {
        if (!c.extra().isEmpty()) {
            diagnose(Kind.SYNTAX, "Bad argument `" + c.extra().get(0).text() + "' after COMMIT", c.extra().get(0).span());
        }
        if (current == null) {
            diagnose(Kind.SYNTAX, "COMMIT without a table header before it", c.span());
            return;
        }
        current.commitSpan = c.span();
        current = null;
    }

    private TableBuilder requireTable(SourceSpan span, String what) {
        if (current != null) {
            return current;
        }
        if (listing) {
            return tableNamed(defaultTable, span);
        }
        diagnose(Kind.SYNTAX, what + " outside a table: a '*table' line must come first"
                + (tables.isEmpty() ? "" : " (the previous table was committed)"), span);
        return null;
    }

    private TableBuilder tableNamed(String name, SourceSpan span) {
        TableBuilder t = tables.get(name);
        if (t == null) {
            if (!BuiltinChains.isTable(family, name)) {
                diagnose(Kind.MALFORMED_VALUE, "table name '" + name + "' invalid", span);
            }
            t = new TableBuilder(name, family, null);
            tables.put(name, t);
        }
        return t;
    }

    private void chainDecl(LineSyntax.ChainDecl c) {
        TableBuilder t = requireTable(c.span(), "chain declaration");
        if (t == null) {
            return;
        }
        if (c.name().isEmpty()) {
            diagnose(Kind.SYNTAX, "chain declaration without a chain name", c.span());
            return;
        }
        int maxName = family == Family.BRIDGE ? 31 : 28;
        if (c.name().length() > maxName) {
            diagnose(Kind.MALFORMED_VALUE, "chain name '" + c.name() + "' is longer than " + maxName + " characters", c.nameSpan());
        }
        for (Val extra : c.extra()) {
            diagnose(Kind.SYNTAX, "Bad argument `" + extra.text() + "' in chain declaration", extra.span());
        }
        ChainBuilder chain = t.chains.get(c.name());
        if (chain != null && chain.span != null) {
            chain.redeclarations.add(c.span());
        } else {
            chain = t.chain(c.name());
            chain.span = c.span();
        }
        Val counterVal = c.counters();
        if (c.policy() != null && c.counters() == null && COUNTERS.matcher(c.policy().text()).matches() && !chain.builtin) {
            counterVal = c.policy();
        } else if (c.policy() != null) {
            setPolicy(chain, c.policy());
        }
        if (counterVal != null) {
            Matcher m = COUNTERS.matcher(counterVal.text());
            if (m.matches()) {
                chain.counters = counters(m, counterVal);
            } else {
                diagnose(Kind.QUIRK, "malformed chain counters '" + c.counters().text()
                        + "' (expected [packets:bytes]); iptables-restore ignores them", c.counters().span());
            }
        }
    }

    private void setPolicy(ChainBuilder chain, Val policy) {
        String p = policy.text();
        if (p.equals("-")) {
            return;
        }
        Set<String> allowed = family == Family.BRIDGE ? Set.of("ACCEPT", "DROP", "RETURN") : Set.of("ACCEPT", "DROP");
        if (!allowed.contains(p)) {
            diagnose(Kind.MALFORMED_VALUE, "bad policy name '" + p + "' for chain " + chain.name + " (allowed: "
                    + String.join(", ", new java.util.TreeSet<>(allowed)) + ")", policy.span());
            return;
        }
        chain.policy = p;
        chain.policySpan = policy.span();
    }

    private Counters counters(Matcher m, Val v) {
        try {
            return new Counters(Long.parseUnsignedLong(m.group(1)), Long.parseUnsignedLong(m.group(2)));
        } catch (NumberFormatException e) {
            diagnose(Kind.MALFORMED_VALUE, "counter out of range in '" + v.text() + "'", v.span());
            return Counters.NONE;
        }
    }

    private void command(SourceText.Line line, LineSyntax.Command c) {
        Counters counters = Counters.NONE;
        for (Val lead : c.lead()) {
            Matcher m = COUNTERS.matcher(lead.text());
            if (m.matches()) {
                counters = counters(m, lead);
            } else if (PROGRAMS.contains(lead.text())) {
                if (forOtherFamily(lead.text())) {
                    return;
                }
            } else if (lead.text().startsWith("[")) {
                diagnose(Kind.MALFORMED_VALUE, "malformed rule counters '" + lead.text() + "' (expected [packets:bytes])", lead.span());
                return;
            } else {
                diagnose(Kind.SYNTAX, "no command specified: '" + Printable.of(lead.text()) + "' is not an option", lead.span());
                return;
            }
        }
        try {
            new TableCommand(this, line, c, counters).apply();
        } catch (BadValueException e) {
            diagnose(e.kind, e.getMessage(), e.span);
        }
    }

    /** What {@link TableCommand} does with a plain {@code -A CHAIN …} line, with the rule already assembled. */
    private void append(PreparedAppend p) {
        ChainBuilder chain = current.chain(p.chain());
        if (p.error() != null) {
            diagnose(p.error().kind, p.error().getMessage(), p.error().span);
            return;
        }
        chain.rules.add(p.rule());
    }

    private boolean forOtherFamily(String program) {
        boolean v6Program = program.contains("ip6tables") || program.equals("$IP6TABLES");
        boolean v4Program = program.contains("iptables") && !v6Program || program.equals("$IPT") || program.equals("$IPTABLES");
        return family == Family.IPV4 && v6Program || family == Family.IPV6 && v4Program;
    }

    // ---- used by TableCommand ----

    Family family() {
        return family;
    }

    boolean listing() {
        return listing;
    }

    String file() {
        return file;
    }

    TableBuilder tableFor(String explicitTable, SourceSpan span) throws BadValueException {
        if (explicitTable != null) {
            if (!listing) {
                throw BadValueException.syntax("-t cannot be used inside a restore file's table section", span);
            }
            return tableNamed(explicitTable, span);
        }
        return requireTable(span, "command");
    }

    void renameChain(TableBuilder t, String from, String to) {
        for (ChainBuilder c : t.chains.values()) {
            for (int i = 0; i < c.rules.size(); i++) {
                Rule r = c.rules.get(i);
                if (r.target() instanceof Jump j && j.chain().equals(from)) {
                    c.rules.set(i, new Rule(r.table(), r.chain(), r.number(), r.matches(), new Jump(to, j.span()),
                            r.counters(), r.span(), r.text()));
                } else if (r.target() instanceof Goto g && g.chain().equals(from)) {
                    c.rules.set(i, new Rule(r.table(), r.chain(), r.number(), r.matches(), new Goto(to, g.span()),
                            r.counters(), r.span(), r.text()));
                }
            }
        }
    }

    void policy(ChainBuilder chain, Val policy) {
        setPolicy(chain, policy);
    }

    Ruleset build() {
        if (current != null && needsCommit() && current.commitSpan == null) {
            current.missingCommitAt = lastLine != null ? lastLine : current.span;
        }
        List<Table> out = new ArrayList<>(tables.size());
        for (TableBuilder t : tables.values()) {
            out.add(t.build());
        }
        return new Ruleset(file, family, listing, out, comments, diagnostics);
    }
}
