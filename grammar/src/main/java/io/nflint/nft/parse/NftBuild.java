package io.nflint.nft.parse;

import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftBaseChain;
import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftElement;
import io.nflint.ir.nft.NftFamily;
import io.nflint.ir.nft.NftFlowtable;
import io.nflint.ir.nft.NftObject;
import io.nflint.ir.nft.NftRule;
import io.nflint.ir.nft.NftSet;
import io.nflint.ir.nft.NftStmt;
import io.nflint.ir.nft.NftTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ruleset as the commands so far leave it, the way nft's transaction applies them: a second
 * declaration of a table or chain adds to the first, {@code flush} empties, {@code delete} removes.
 */
final class NftBuild {

    static final class Table {
        final NftFamily family;
        final String name;
        final SourceSpan span;
        final List<String> flags = new ArrayList<>();
        final Map<String, Chain> chains = new LinkedHashMap<>();
        final Map<String, Set> sets = new LinkedHashMap<>();
        final Map<String, NftFlowtable> flowtables = new LinkedHashMap<>();
        final Map<String, NftObject> objects = new LinkedHashMap<>();
        /** Anonymous chains bound to rules, kept after the declared ones (as nft -j lists them apart too). */
        final List<Chain> bound = new ArrayList<>();

        Table(NftFamily family, String name, SourceSpan span) {
            this.family = family;
            this.name = name;
            this.span = span;
        }

        Chain chain(String name, SourceSpan span) {
            Chain c = chains.computeIfAbsent(name, n -> new Chain(n, span));
            c.declarations.add(span);
            return c;
        }

        ChainBinder binder() {
            return (rules, span) -> {
                Chain c = new Chain(ChainBinder.name(bound.size()), span);
                c.bound = true;
                c.declarations.add(span);
                c.rules.addAll(rules);
                bound.add(c);
                return c.name;
            };
        }

        NftTable build() {
            List<NftChain> all = new ArrayList<>();
            chains.values().forEach(c -> all.add(c.build(family)));
            bound.forEach(c -> all.add(c.build(family)));
            return new NftTable(family, name, flags, all,
                    sets.values().stream().map(Set::build).toList(), List.copyOf(flowtables.values()),
                    List.copyOf(objects.values()), span);
        }
    }

    static final class Chain {
        final String name;
        final SourceSpan span;
        final List<SourceSpan> declarations = new ArrayList<>();
        final List<NftRule> rules = new ArrayList<>();
        String type;
        String hook;
        int priority;
        String policy;
        List<String> devices = List.of();
        SourceSpan baseSpan;
        boolean bound;

        Chain(String name, SourceSpan span) {
            this.name = name;
            this.span = span;
        }

        NftChain build(NftFamily family) {
            List<NftRule> resolved = rules.stream().map(r -> withDefaultReject(r, family)).toList();
            Optional<NftBaseChain> base = type == null ? Optional.empty()
                    : Optional.of(new NftBaseChain(type, hook, priority, Optional.ofNullable(policy), devices, baseSpan));
            return new NftChain(name, base, resolved, declarations, span, bound);
        }
    }

    static final class Set {
        final String name;
        final boolean map;
        final SourceSpan span;
        List<String> keyType = List.of();
        String dataType;
        final List<String> flags = new ArrayList<>();
        Long timeout;
        Long size;
        String comment;
        final List<NftElement> elements = new ArrayList<>();

        Set(String name, boolean map, SourceSpan span) {
            this.name = name;
            this.map = map;
            this.span = span;
        }

        NftSet build() {
            return new NftSet(name, map, keyType, Optional.ofNullable(dataType), flags, Optional.ofNullable(timeout),
                    Optional.ofNullable(size), elements, Optional.ofNullable(comment), span);
        }
    }

    /** A bare {@code reject} is ICMP port unreachable of the table's family (icmpx where it may be either). */
    static NftRule withDefaultReject(NftRule r, NftFamily family) {
        if (r.statements().stream().noneMatch(s -> s instanceof NftStmt.Reject j && j.type().isEmpty())) {
            return r;
        }
        String type = switch (family) {
            case IP -> "icmp";
            case IP6 -> "icmpv6";
            default -> "icmpx";
        };
        List<NftStmt> out = r.statements().stream().map(s -> s instanceof NftStmt.Reject j && j.type().isEmpty()
                ? (NftStmt) new NftStmt.Reject(Optional.of(type), Optional.of("port-unreachable"), j.span()) : s).toList();
        return new NftRule(out, r.comment(), r.span(), r.text());
    }

    private final Map<String, Table> tables = new LinkedHashMap<>();
    final List<SourceSpan> flushes = new ArrayList<>();
    final List<SourceSpan> resets = new ArrayList<>();

    Table table(NftFamily family, String name, SourceSpan span) {
        return tables.computeIfAbsent(family.keyword() + " " + name, k -> new Table(family, name, span));
    }

    Optional<Table> existing(NftFamily family, String name) {
        return Optional.ofNullable(tables.get(family.keyword() + " " + name));
    }

    void deleteTable(NftFamily family, String name) {
        tables.remove(family.keyword() + " " + name);
    }

    void flushRuleset(SourceSpan span, Optional<NftFamily> family) {
        flushes.add(span);
        if (family.isEmpty()) {
            tables.clear();
        } else {
            tables.values().removeIf(t -> t.family == family.get());
        }
    }

    List<NftTable> build() {
        return tables.values().stream().map(Table::build).toList();
    }
}
