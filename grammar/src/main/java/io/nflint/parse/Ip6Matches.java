package io.nflint.parse;

import static io.nflint.parse.ModuleSpec.is;
import static io.nflint.parse.ModuleSpec.one;

import io.nflint.ir.Ip6ExtHeaders;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.match.HopLimitMatch;
import io.nflint.ir.match.Ip6ExtHeaderMatch;
import io.nflint.ir.match.Ip6HeaderChainMatch;
import io.nflint.ir.match.Match;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** hl and ttl (the header's hop counter), and the IPv6 extension header modules frag, rt and ipv6header. */
final class Ip6Matches {

    private Ip6Matches() {
    }

    static final ModuleSpec<Match> HL = ModuleSpec.of("hl", Ip6Matches::hopLimit, "--hl-eq", 1, "--hl-lt", 1, "--hl-gt", 1);
    static final ModuleSpec<Match> TTL = ModuleSpec.of("ttl", Ip6Matches::hopLimit, "--ttl-eq", 1, "--ttl-lt", 1, "--ttl-gt", 1);
    static final ModuleSpec<Match> FRAG = ModuleSpec.of("frag", Ip6Matches::frag, "--fragid", 1, "--fraglen", 1,
            "--fragres", 0, "--fragfirst", 0, "--fragmore", 0, "--fraglast", 0);
    static final ModuleSpec<Match> RT = ModuleSpec.of("rt", Ip6Matches::rt, "--rt-type", 1, "--rt-segsleft", 1,
            "--rt-len", 1, "--rt-0-res", 0, "--rt-0-addrs", 1, "--rt-0-not-strict", 0);
    static final ModuleSpec<Match> IPV6HEADER = ModuleSpec.of("ipv6header", Ip6Matches::ipv6header, "--header", 1, "--soft", 0);

    /** libip6t_ipv6header's names (short, long as /etc/protocols spells them, numbers) and the bit each sets. */
    private static final Map<String, Integer> HEADERS = Map.ofEntries(
            Map.entry("hop", Ip6ExtHeaders.HOPOPTS), Map.entry("hop-by-hop", Ip6ExtHeaders.HOPOPTS),
            Map.entry("hopopt", Ip6ExtHeaders.HOPOPTS), Map.entry("0", Ip6ExtHeaders.HOPOPTS),
            Map.entry("dst", Ip6ExtHeaders.DSTOPTS), Map.entry("ipv6-opts", Ip6ExtHeaders.DSTOPTS),
            Map.entry("60", Ip6ExtHeaders.DSTOPTS),
            Map.entry("route", Ip6ExtHeaders.ROUTING), Map.entry("ipv6-route", Ip6ExtHeaders.ROUTING),
            Map.entry("43", Ip6ExtHeaders.ROUTING),
            Map.entry("frag", Ip6ExtHeaders.FRAGMENT), Map.entry("ipv6-frag", Ip6ExtHeaders.FRAGMENT),
            Map.entry("44", Ip6ExtHeaders.FRAGMENT),
            Map.entry("auth", Ip6ExtHeaders.AH), Map.entry("ah", Ip6ExtHeaders.AH), Map.entry("51", Ip6ExtHeaders.AH),
            Map.entry("esp", Ip6ExtHeaders.ESP), Map.entry("50", Ip6ExtHeaders.ESP),
            Map.entry("none", Ip6ExtHeaders.NONE), Map.entry("ipv6-nonxt", Ip6ExtHeaders.NONE),
            Map.entry("59", Ip6ExtHeaders.NONE),
            Map.entry("prot", Ip6ExtHeaders.PROTO), Map.entry("proto", Ip6ExtHeaders.PROTO),
            Map.entry("protocol", Ip6ExtHeaders.PROTO), Map.entry("255", Ip6ExtHeaders.PROTO));

    private static Match hopLimit(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        if (opts.size() != 1) {
            throw BadValueException.value(name + " needs exactly one of --" + name + "-eq, --" + name + "-lt, --" + name + "-gt", span);
        }
        Opt o = opts.get(0);
        String kind = o.name().substring(o.name().length() - 2);
        if (o.anyNegation() && !kind.equals("eq")) {
            throw BadValueException.value("! is only allowed with --" + name + "-eq", o.nameSpan());
        }
        HopLimitMatch.Op op = switch (kind) {
            case "lt" -> HopLimitMatch.Op.LT;
            case "gt" -> HopLimitMatch.Op.GT;
            default -> o.anyNegation() ? HopLimitMatch.Op.NE : HopLimitMatch.Op.EQ;
        };
        int value = (int) Values.number(one(o).text(), one(o), 255);
        return new HopLimitMatch(name.equals("hl"), op, value, span);
    }

    private static Match frag(String name, List<Opt> opts, RuleScope scope, SourceSpan span) {
        return new Ip6ExtHeaderMatch(Ip6ExtHeaderMatch.Header.FRAGMENT, ModuleSpec.raw(opts), span);
    }

    private static Match rt(String name, List<Opt> opts, RuleScope scope, SourceSpan span) {
        return new Ip6ExtHeaderMatch(Ip6ExtHeaderMatch.Header.ROUTING, ModuleSpec.raw(opts), span);
    }

    private static Match ipv6header(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        int headers = 0;
        boolean negated = false;
        boolean soft = false;
        boolean seen = false;
        for (Opt o : opts) {
            if (is(o, "--soft")) {
                soft = true;
                continue;
            }
            if (seen) {
                throw ModuleSpec.duplicate(o);
            }
            seen = true;
            String text = one(o).text();
            // old ip6tables-save printed the negation inside the value: --header !frag
            negated = o.anyNegation() || text.startsWith("!");
            for (String h : text.replaceFirst("^!", "").split(",", -1)) {
                Integer bit = HEADERS.get(h.toLowerCase(Locale.ROOT));
                if (bit == null) {
                    throw BadValueException.value("unknown header '" + h + "'", one(o).span());
                }
                headers |= bit;
            }
        }
        if (!seen) {
            throw BadValueException.value("ipv6header needs --header", span);
        }
        return new Ip6HeaderChainMatch(headers, negated, soft, span);
    }
}
