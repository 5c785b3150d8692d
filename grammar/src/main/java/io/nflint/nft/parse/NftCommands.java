package io.nflint.nft.parse;

import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftElement;
import io.nflint.ir.nft.NftExpr;
import io.nflint.ir.nft.NftFamily;
import io.nflint.ir.nft.NftFlowtable;
import io.nflint.ir.nft.NftObject;
import io.nflint.ir.nft.NftRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Applies each parsed command to the ruleset under construction, reporting what nft would reject. */
final class NftCommands {

    private final NftBuild build = new NftBuild();
    private final List<ParseDiagnostic> diagnostics;

    NftCommands(List<ParseDiagnostic> diagnostics) {
        this.diagnostics = diagnostics;
    }

    NftBuild build() {
        return build;
    }

    void apply(NftParser.CommandContext ctx, CommonTokenStream tokens) {
        try {
            dispatch(ctx);
        } catch (RuleReader.Unexpected e) {
            report(e, ctx.getStop());
        } catch (RuntimeException e) {
            // a value nflint could not convert: the input is reported as unreadable there, never a crash
            diagnostics.add(new ParseDiagnostic(ParseDiagnostic.Kind.MALFORMED_VALUE,
                    "cannot read this command: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    span(ctx.getStart())));
        }
    }

    private void dispatch(NftParser.CommandContext ctx) {
        if (ctx instanceof NftParser.FlushRulesetContext f) {
            build.flushRuleset(span(f.getStart()),
                    f.name() == null ? Optional.empty() : NftFamily.of(f.name().getText()));
        } else if (ctx instanceof NftParser.TableCommandContext t) {
            table(t.tableBlock());
        } else if (ctx instanceof NftParser.BareChainContext c) {
            chainCommand(c.chainCommand(), "add");
        } else if (ctx instanceof NftParser.BareSetContext s) {
            setCommand(s.setCommand(), "add");
        } else if (ctx instanceof NftParser.VerbCommandContext v) {
            verb(v.verb.getText(), v.objectCommand());
        } else if (ctx instanceof NftParser.RuleCommandContext r) {
            ruleCommand(r.verb.getText(), items(r.ruleBody().term()), r);
        } else if (ctx instanceof NftParser.BareRuleContext r) {
            ruleCommand("add", items(r.ruleBody().term()), r);
        } else if (ctx instanceof NftParser.ElementCommandContext e) {
            elementCommand(e.verb.getText(), items(e.ruleBody().term()));
        } else {
            // define/undefine are done by the token source; list/reset change nothing
        }
    }

    // ---- tables -------------------------------------------------------------------------------

    private record Ref(NftFamily family, List<String> names) { }

    /** Splits {@code [family] table [chain]}: the family word is optional and defaults to ip. */
    private static Ref ref(List<String> words) {
        Optional<NftFamily> f = words.isEmpty() ? Optional.empty() : NftFamily.of(words.get(0));
        if (f.isPresent() && words.size() > 1) {
            return new Ref(f.get(), words.subList(1, words.size()));
        }
        return new Ref(NftFamily.IP, words);
    }

    private static List<String> texts(List<NftParser.RefContext> refs) {
        return refs.stream().map(r -> unquote(r.getText())).toList();
    }

    private void table(NftParser.TableBlockContext t) {
        Ref r = ref(texts(t.ref()));
        NftBuild.Table table = build.table(r.family, r.names.get(0), header(t.getStart(), last(t.ref())));
        for (NftParser.TableItemContext item : t.tableItem()) {
            try {
                tableItem(table, item);
            } catch (RuntimeException e) {
                fail(e, item.getStop());
            }
        }
    }

    private void tableItem(NftBuild.Table table, NftParser.TableItemContext item) {
        if (item instanceof NftParser.ChainBlockContext c) {
            chainBody(table.chain(unquote(c.name().getText()), header(c.getStart(), c.name().getStop())),
                    table, c.chainBody());
        } else if (item instanceof NftParser.SetBlockContext s) {
            setBody(set(table, unquote(s.name().getText()), s.kind.getType() == NftLexer.MAP,
                    header(s.getStart(), s.name().getStop())), s.body());
        } else if (item instanceof NftParser.FlowtableBlockContext f) {
            table.flowtables.put(unquote(f.name().getText()),
                    flowtable(table, unquote(f.name().getText()), f.body(), header(f.getStart(), f.name().getStop())));
        } else if (item instanceof NftParser.ObjectBlockContext o) {
            List<String> words = o.word().stream().map(ParseTree::getText).toList();
            String name = o.name() != null ? unquote(o.name().getText()) : words.get(words.size() - 1);
            String kind = String.join(" ", o.name() != null ? words : words.subList(0, words.size() - 1));
            table.objects.put(kind + " " + name, new NftObject(kind, name, header(o.getStart(), o.name() != null ? o.name().getStop()
                    : o.word(o.word().size() - 1).getStop())));
        } else if (item instanceof NftParser.TableOptionContext o) {
            List<Item> items = items(o.term());
            if (items.get(0).isWord("flags")) {
                for (Item i : items.subList(1, items.size())) {
                    if (!i.is(NftLexer.COMMA)) {
                        table.flags.add(i.text());
                    }
                }
            }
        } else {
            { }
        }
    }

    private NftBuild.Set set(NftBuild.Table table, String name, boolean map, SourceSpan span) {
        return table.sets.computeIfAbsent(name, n -> new NftBuild.Set(n, map, span));
    }

    private void chainBody(NftBuild.Chain chain, NftBuild.Table table, NftParser.ChainBodyContext body) {
        if (body == null) {
            return;
        }
        for (NftParser.ChainItemContext item : body.chainItem()) {
            try {
                chainItem(chain, table, item);
            } catch (RuntimeException e) {
                fail(e, item.getStop());
            }
        }
    }

    private void chainItem(NftBuild.Chain chain, NftBuild.Table table, NftParser.ChainItemContext item) {
        if (item instanceof NftParser.BaseChainHeaderContext h) {
            chain.type = unquote(h.name(0).getText());
            chain.hook = unquote(h.name(1).getText());
            chain.baseSpan = NftTokenSource.span(h.getStart(), h.getStop());
            chain.priority = priority(table.family, h.prio());
            if (h.term() != null) {
                chain.devices = List.of(RuleReader.value(items(List.of(h.term())).get(0)));
            } else if (h.braced() != null) {
                chain.devices = devices(h.braced());
            }
        } else if (item instanceof NftParser.ChainPolicyContext p) {
            chain.policy = RuleReader.value(items(List.of(p.term())).get(0));
        } else if (item instanceof NftParser.ChainDevicesContext d) {
            chain.devices = devices(d.braced());
        } else if (item instanceof NftParser.ChainDeviceContext d) {
            chain.devices = List.of(RuleReader.value(items(List.of(d.term())).get(0)));
        } else if (item instanceof NftParser.ChainRuleContext r) {
            List<Item> items = items(r.ruleBody().term());
            if (items.size() == 2 && items.get(0).isWord("comment")) {
                return; // the chain's own comment
            }
            chain.rules.add(rule(items, table));
        } else {
            { }
        }
    }

    private List<String> devices(NftParser.BracedContext b) {
        List<String> out = new ArrayList<>();
        for (Item i : items(List.of()).isEmpty() ? group(b).inner() : List.<Item>of()) {
            if (!i.is(NftLexer.COMMA)) {
                out.add(RuleReader.value(i));
            }
        }
        return out;
    }

    private int priority(NftFamily family, NftParser.PrioContext p) {
        List<Token> toks = new ArrayList<>();
        for (int i = 0; i < p.getChildCount(); i++) {
            toks.add(((TerminalNode) p.getChild(i)).getSymbol());
        }
        int idx = 0;
        int sign = 1;
        if (toks.get(0).getType() == NftLexer.MINUS) {
            sign = -1;
            idx++;
        }
        Token base = toks.get(idx++);
        int value;
        if (base.getType() == NftLexer.NUMBER) {
            value = sign * Integer.parseInt(base.getText());
        } else {
            OptionalInt v = NftPriorities.resolve(family, base.getText());
            if (v.isEmpty()) {
                diagnostics.add(new ParseDiagnostic(ParseDiagnostic.Kind.MALFORMED_VALUE,
                        "'" + base.getText() + "' is not a chain priority nft knows", span(base)));
                return 0;
            }
            value = sign * v.getAsInt();
        }
        while (idx + 1 < toks.size()) {
            int off = Integer.parseInt(toks.get(idx + 1).getText());
            value += toks.get(idx).getType() == NftLexer.PLUS ? off : -off;
            idx += 2;
        }
        return value;
    }

    private NftRule rule(List<Item> items, NftBuild.Table table) {
        return RuleReader.rule(items, table.binder());
    }

    static String text(List<Item> items) {
        Token a = items.get(0).token();
        Token b = items.get(items.size() - 1).close();
        if (a.getInputStream() == b.getInputStream() && a.getInputStream() != null
                && b.getStopIndex() >= a.getStartIndex() && a.getLine() == b.getLine()) {
            return a.getInputStream().getText(Interval.of(a.getStartIndex(), b.getStopIndex()));
        }
        StringBuilder sb = new StringBuilder();
        for (Item i : items) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(i.isGroup() ? i.group() + "…" : i.text());
        }
        return sb.toString();
    }

    private void setBody(NftBuild.Set set, NftParser.BodyContext body) {
        if (body == null) {
            return;
        }
        for (NftParser.BodyItemContext bi : body.bodyItem()) {
            List<Item> items = bodyItems(bi);
            try {
                SetDeclarations.item(set, items);
            } catch (RuntimeException e) {
                fail(e, bi.getStop());
            }
        }
    }

    private NftFlowtable flowtable(NftBuild.Table table, String name, NftParser.BodyContext body, SourceSpan span) {
        String hook = "ingress";
        int prio = 0;
        List<String> devices = new ArrayList<>();
        if (body != null) {
            for (NftParser.BodyItemContext bi : body.bodyItem()) {
                List<Item> all = bodyItems(bi);
                List<Item> items = all.subList(1, all.size());
                Token head = bi.getStart();
                if (head.getType() == NftLexer.HOOK && !items.isEmpty()) {
                    hook = items.get(0).text();
                    for (int i = 1; i + 1 < items.size(); i++) {
                        if (items.get(i).isWord("priority") || items.get(i).is(NftLexer.PRIORITY)) {
                            String p = items.get(i + 1).text();
                            OptionalInt v = NftPriorities.resolve(table.family, p);
                            prio = p.matches("-?\\d+") ? Integer.parseInt(p) : v.orElse(0);
                        }
                    }
                } else if (head.getType() == NftLexer.DEVICES) {
                    for (Item i : items) {
                        if (i.isGroup()) {
                            for (Item d : i.inner()) {
                                if (!d.is(NftLexer.COMMA)) {
                                    devices.add(RuleReader.value(d));
                                }
                            }
                        } else if (!i.is(NftLexer.ASSIGN)) {
                            devices.add(RuleReader.value(i));
                        }
                    }
                }
            }
        }
        return new NftFlowtable(name, hook, prio, devices, span);
    }

    // ---- commands -----------------------------------------------------------------------------

    private void verb(String verb, NftParser.ObjectCommandContext o) {
        if (o.tableBlock() != null) {
            table(o.tableBlock());
        } else if (o.chainCommand() != null) {
            chainCommand(o.chainCommand(), verb);
        } else if (o.setCommand() != null) {
            setCommand(o.setCommand(), verb);
        } else if (o.TABLE() != null) {
            Ref r = ref(texts(o.ref()));
            String name = r.names.get(0);
            if (verb.equals("flush") || verb.equals("delete") || verb.equals("destroy")) {
                build.resets.add(span(o.getStart()));
            }
            switch (verb) {
                case "add", "create" -> build.table(r.family, name, header(o.getStart(), last(o.ref())));
                case "delete", "destroy" -> build.deleteTable(r.family, name);
                case "flush" -> build.existing(r.family, name).ifPresent(t -> t.chains.values().forEach(c -> c.rules.clear()));
                default -> { }
            }
        } else if (o.FLOWTABLE() != null) {
            Ref r = ref(texts(o.ref()));
            if (verb.equals("add") || verb.equals("create")) {
                SourceSpan at = header(o.getStart(), last(o.ref()));
                NftBuild.Table t = build.table(r.family, r.names.get(0), at);
                t.flowtables.put(r.names.get(1), flowtable(t, r.names.get(1), o.body(), at));
            }
        } else if (o.RULESET() != null && verb.equals("flush")) {
            build.flushRuleset(span(o.getStart()), Optional.empty());
        } else if (o.word() != null && (verb.equals("add") || verb.equals("create"))) {
            List<String> words = new ArrayList<>();
            words.add(o.word().getText());
            o.name().forEach(n -> words.add(unquote(n.getText())));
            // counter|quota|limit [family] table name; ct helper|timeout|expectation [family] table name
            int kindLen = words.get(0).equals("ct") ? 2 : 1;
            Ref r = ref(words.subList(kindLen, words.size()));
            if (r.names.size() >= 2) {
                SourceSpan at = header(o.getStart(), o.name(o.name().size() - 1).getStop());
                NftBuild.Table t = build.table(r.family, r.names.get(0), at);
                String kind = String.join(" ", words.subList(0, kindLen));
                t.objects.put(kind + " " + r.names.get(1), new NftObject(kind, r.names.get(1), at));
            }
        }
    }

    private void chainCommand(NftParser.ChainCommandContext c, String verb) {
        Ref r = ref(texts(c.ref()));
        if (r.names.size() < 2) {
            throw new RuleReader.Unexpected(Item.of(c.getStop()), "syntax error, unexpected " + c.getStop().getText());
        }
        String tname = r.names.get(0);
        String cname = r.names.get(1);
        switch (verb) {
            case "add", "create" -> {
                SourceSpan at = header(c.getStart(), last(c.ref()));
                NftBuild.Table t = build.table(r.family, tname, at);
                chainBody(t.chain(cname, at), t, c.chainBody());
            }
            case "flush" -> build.existing(r.family, tname).map(t -> t.chains.get(cname)).ifPresent(ch -> ch.rules.clear());
            case "delete", "destroy" -> build.existing(r.family, tname).ifPresent(t -> t.chains.remove(cname));
            default -> { }
        }
    }

    private void setCommand(NftParser.SetCommandContext s, String verb) {
        Ref r = ref(texts(s.ref()));
        String tname = r.names.get(0);
        String sname = r.names.get(1);
        switch (verb) {
            case "add", "create" -> {
                SourceSpan at = header(s.getStart(), last(s.ref()));
                NftBuild.Table t = build.table(r.family, tname, at);
                setBody(set(t, sname, s.kind.getType() == NftLexer.MAP, at), s.body());
            }
            case "flush" -> build.existing(r.family, tname).map(t -> t.sets.get(sname)).ifPresent(x -> x.elements.clear());
            case "delete", "destroy" -> build.existing(r.family, tname).ifPresent(t -> t.sets.remove(sname));
            default -> { }
        }
    }

    private void ruleCommand(String verb, List<Item> items, ParserRuleContext ctx) {
        int n = NftFamily.of(items.get(0).text()).isPresent() ? 3 : 2;
        if (items.size() < n) {
            throw new RuleReader.Unexpected(null, "syntax error, unexpected end of file");
        }
        NftFamily family = n == 3 ? NftFamily.of(items.get(0).text()).get() : NftFamily.IP;
        String tname = items.get(n - 2).unquoted();
        String cname = items.get(n - 1).unquoted();
        List<Item> body = items.subList(n, items.size());
        boolean hasPosition = body.size() >= 2 && java.util.Set.of("position", "handle", "index").contains(body.get(0).text());
        if (hasPosition) {
            body = body.subList(2, body.size());
        }
        Optional<NftBuild.Table> table = build.existing(family, tname);
        NftBuild.Chain chain = table.map(t -> t.chains.get(cname)).orElse(null);
        if (verb.equals("delete") || verb.equals("destroy") || verb.equals("replace")) {
            return; // by handle: handles are not known before the ruleset is loaded
        }
        if (chain == null) {
            SourceSpan where = items.get(n - 1).span();
            diagnostics.add(new ParseDiagnostic(ParseDiagnostic.Kind.RESTORE_FAILS, "rule for "
                    + (table.isEmpty() ? "table '" + tname + "', which" : "chain '" + cname + "', which")
                    + " does not exist at this point: nft fails with \"No such file or directory\"", where));
            return;
        }
        if (body.isEmpty()) {
            return;
        }
        NftRule rule = rule(body, table.get());
        if (verb.equals("insert") && !hasPosition) {
            chain.rules.add(0, rule);
        } else {
            chain.rules.add(rule);
        }
    }

    private void elementCommand(String verb, List<Item> items) {
        int n = NftFamily.of(items.get(0).text()).isPresent() ? 3 : 2;
        NftFamily family = n == 3 ? NftFamily.of(items.get(0).text()).get() : NftFamily.IP;
        String tname = items.get(n - 2).unquoted();
        String sname = items.get(n - 1).unquoted();
        Item group = items.get(items.size() - 1);
        NftBuild.Set set = build.existing(family, tname).map(t -> t.sets.get(sname)).orElse(null);
        if (set == null) {
            diagnostics.add(new ParseDiagnostic(ParseDiagnostic.Kind.RESTORE_FAILS, "element for set '" + sname
                    + "', which does not exist at this point: nft fails with \"No such file or directory\"",
                    items.get(n - 1).span()));
            return;
        }
        List<NftElement> elements = new RuleReader(List.of()).elements(group.inner());
        switch (verb) {
            case "add", "create" -> set.elements.addAll(elements);
            case "delete", "destroy" -> {
                List<NftExpr> keys = elements.stream().map(NftElement::key).toList();
                set.elements.removeIf(e -> keys.contains(e.key()));
            }
            case "flush" -> set.elements.clear();
            default -> { }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void fail(RuntimeException e, Token at) {
        if (e instanceof RuleReader.Unexpected u) {
            report(u, at);
        } else {
            diagnostics.add(new ParseDiagnostic(ParseDiagnostic.Kind.MALFORMED_VALUE,
                    "cannot read this: " + e.getClass().getSimpleName() + ": " + e.getMessage(), span(at)));
        }
    }

    private void report(RuleReader.Unexpected e, Token fallback) {
        SourceSpan where = e.item != null ? e.item.span() : span(fallback);
        ParseDiagnostic.Kind kind = e.getMessage().startsWith("unknown identifier")
                ? ParseDiagnostic.Kind.MALFORMED_VALUE : ParseDiagnostic.Kind.SYNTAX;
        if (kind == ParseDiagnostic.Kind.MALFORMED_VALUE && diagnostics.stream().anyMatch(d -> d.span().equals(
                new SourceSpan(where.file(), where.line(), where.column() + 1, where.endColumn(), where.startOffset() + 1,
                        where.stopOffset())))) {
            return; // the token source reported it already
        }
        diagnostics.add(new ParseDiagnostic(kind, e.getMessage(), where));
    }

    private static List<Item> bodyItems(NftParser.BodyItemContext bi) {
        List<Item> out = new ArrayList<>();
        for (NftParser.BodyTermContext bt : bi.bodyTerm()) {
            out.add(bt.term() != null ? item(bt.term()) : Item.of(bt.getStart()));
        }
        return out;
    }

    static List<Item> items(List<NftParser.TermContext> terms) {
        List<Item> out = new ArrayList<>(terms.size());
        for (NftParser.TermContext t : terms) {
            out.add(item(t));
        }
        return out;
    }

    static Item item(NftParser.TermContext t) {
        if (t.braced() != null) {
            return group(t.braced());
        }
        if (t.paren() != null) {
            return new Item(t.getStart(), '(', items(t.paren().term()), t.getStop(), null);
        }
        if (t.bracket() != null) {
            return new Item(t.getStart(), '[', items(t.bracket().term()), t.getStop(), null);
        }
        return Item.of(t.getStart());
    }

    private static Item group(NftParser.BracedContext b) {
        return new Item(b.getStart(), '{', items(b.term()), b.getStop(), b);
    }

    /**
     * A declaration's span: its keyword through its name ({@code chain forward}, {@code add set inet t
     * blocked}), which is what a finding about the declaration underlines.
     */
    private static SourceSpan header(Token start, Token nameEnd) {
        return NftTokenSource.span(start, nameEnd);
    }

    private static Token last(List<NftParser.RefContext> refs) {
        return refs.get(refs.size() - 1).getStop();
    }

    private static SourceSpan span(Token t) {
        return NftTokenSource.span(t);
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
