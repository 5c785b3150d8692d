package io.nflint.parse;

import static io.nflint.parse.ModuleSpec.is;
import static io.nflint.parse.ModuleSpec.one;

import io.nflint.ir.AddrType;
import io.nflint.ir.AddressRange;
import io.nflint.ir.Direction;
import io.nflint.ir.Neg;
import io.nflint.ir.RawOption;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.match.AddrtypeMatch;
import io.nflint.ir.match.CommentMatch;
import io.nflint.ir.match.ConnmarkMatch;
import io.nflint.ir.match.IprangeMatch;
import io.nflint.ir.match.LimitMatch;
import io.nflint.ir.match.MacMatch;
import io.nflint.ir.match.MarkMatch;
import io.nflint.ir.match.Match;
import io.nflint.ir.match.OwnerMatch;
import io.nflint.ir.match.PhysdevMatch;
import io.nflint.ir.match.PkttypeMatch;
import io.nflint.ir.match.RecentMatch;
import io.nflint.ir.match.SetMatch;
import io.nflint.ir.match.StatisticMatch;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The remaining modelled modules: addresses, marks, bridge ports, sets, rates and comments. */
final class MetaMatches {

    private MetaMatches() {
    }

    static final ModuleSpec<Match> ADDRTYPE = ModuleSpec.of("addrtype", MetaMatches::addrtype,
            "--src-type", 1, "--dst-type", 1, "--limit-iface-in", 0, "--limit-iface-out", 0);
    static final ModuleSpec<Match> MARK = ModuleSpec.of("mark", MetaMatches::mark, "--mark", 1);
    static final ModuleSpec<Match> CONNMARK = ModuleSpec.of("connmark", MetaMatches::connmark, "--mark", 1);
    static final ModuleSpec<Match> COMMENT = ModuleSpec.of("comment", MetaMatches::comment, "--comment", 1);
    static final ModuleSpec<Match> PHYSDEV = ModuleSpec.of("physdev", MetaMatches::physdev,
            "--physdev-in", 1, "--physdev-out", 1, "--physdev-is-in", 0, "--physdev-is-out", 0,
            "--physdev-is-bridged", 0);
    static final ModuleSpec<Match> IPRANGE = ModuleSpec.of("iprange", MetaMatches::iprange,
            "--src-range", 1, "--dst-range", 1);
    static final ModuleSpec<Match> MAC = ModuleSpec.of("mac", MetaMatches::mac, "--mac-source", 1);
    static final ModuleSpec<Match> SET = ModuleSpec.of("set", MetaMatches::set,
            "--match-set|--set", 2, "--return-nomatch", 0, "--update-counters", 0, "--update-subcounters", 0,
            "--packets-eq", 1, "--packets-lt", 1, "--packets-gt", 1, "--bytes-eq", 1, "--bytes-lt", 1,
            "--bytes-gt", 1);
    static final ModuleSpec<Match> STATISTIC = ModuleSpec.of("statistic", MetaMatches::statistic,
            "--mode", 1, "--probability", 1, "--every", 1, "--packet", 1);
    static final ModuleSpec<Match> LIMIT = ModuleSpec.of("limit", MetaMatches::limit,
            "--limit", 1, "--limit-burst", 1);
    static final ModuleSpec<Match> OWNER = ModuleSpec.of("owner", MetaMatches::owner,
            "--uid-owner", 1, "--gid-owner", 1, "--socket-exists", 0, "--suppl-groups", 0,
            "--pid-owner", 1, "--sid-owner", 1, "--cmd-owner", 1);
    static final ModuleSpec<Match> PKTTYPE = ModuleSpec.of("pkttype", MetaMatches::pkttype, "--pkt-type", 1);
    static final ModuleSpec<Match> RECENT = ModuleSpec.of("recent", MetaMatches::recent,
            "--name", 1, "--set", 0, "--rcheck", 0, "--update", 0, "--remove", 0, "--seconds", 1, "--reap", 0,
            "--hitcount", 1, "--rttl", 0, "--rsource", 0, "--rdest", 0, "--mask", 1);

    private static Set<AddrType> types(Val v) throws BadValueException {
        Set<AddrType> out = EnumSet.noneOf(AddrType.class);
        for (String s : v.text().split(",", -1)) {
            out.add(AddrType.parse(s).orElseThrow(() -> BadValueException.value("unknown address type '" + s + "'", v.span())));
        }
        return out;
    }

    private static Match addrtype(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        Neg<Set<AddrType>> src = null;
        Neg<Set<AddrType>> dst = null;
        boolean in = false;
        boolean out = false;
        for (Opt o : opts) {
            if (is(o, "--src-type")) {
                src = new Neg<>(types(one(o)), o.anyNegation(), o.span());
            } else if (is(o, "--dst-type")) {
                dst = new Neg<>(types(one(o)), o.anyNegation(), o.span());
            } else if (is(o, "--limit-iface-in")) {
                in = true;
            } else {
                out = true;
            }
        }
        if (in && out) {
            throw BadValueException.value("addrtype: --limit-iface-in and --limit-iface-out exclude each other", span);
        }
        return new AddrtypeMatch(src, dst, in, out, span);
    }

    private static Opt single(List<Opt> opts, String module, SourceSpan span) throws BadValueException {
        if (opts.size() != 1) {
            throw BadValueException.value(module + " takes exactly one " + (opts.isEmpty() ? "option" : "--mark"), span);
        }
        return opts.get(0);
    }

    private static Match mark(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        Opt o = single(opts, "mark", span);
        return new MarkMatch(o.anyNegation(), Values.mark(one(o)), span);
    }

    private static Match connmark(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        Opt o = single(opts, "connmark", span);
        return new ConnmarkMatch(o.anyNegation(), Values.mark(one(o)), span);
    }

    private static Match comment(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        if (opts.size() != 1) {
            throw BadValueException.syntax("comment needs exactly one --comment", span);
        }
        Val v = one(opts.get(0));
        if (v.text().length() > 255) {
            throw BadValueException.value("comment is " + v.text().length() + " characters; the kernel keeps at most 255", v.span());
        }
        return new CommentMatch(v.text(), span);
    }

    private static Match physdev(String name, List<Opt> opts, RuleScope scope, SourceSpan span) {
        Neg<String> in = null;
        Neg<String> out = null;
        Neg<Boolean> isIn = null;
        Neg<Boolean> isOut = null;
        Neg<Boolean> isBridged = null;
        for (Opt o : opts) {
            boolean n = o.anyNegation();
            if (is(o, "--physdev-in")) {
                in = new Neg<>(one(o).text(), n, o.span());
            } else if (is(o, "--physdev-out")) {
                out = new Neg<>(one(o).text(), n, o.span());
            } else if (is(o, "--physdev-is-in")) {
                isIn = new Neg<>(true, n, o.span());
            } else if (is(o, "--physdev-is-out")) {
                isOut = new Neg<>(true, n, o.span());
            } else {
                isBridged = new Neg<>(true, n, o.span());
            }
        }
        return new PhysdevMatch(in, out, isIn, isOut, isBridged, span);
    }

    private static Match iprange(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        Neg<AddressRange> src = null;
        Neg<AddressRange> dst = null;
        for (Opt o : opts) {
            Neg<AddressRange> r = new Neg<>(Values.addressRange(one(o), scope.v6()), o.anyNegation(), o.span());
            if (is(o, "--src-range")) {
                src = r;
            } else {
                dst = r;
            }
        }
        return new IprangeMatch(src, dst, span);
    }

    private static final Pattern MAC_ADDR = Pattern.compile("(?i)[0-9a-f]{1,2}(:[0-9a-f]{1,2}){5}");

    /** {@code XX:XX:XX:XX:XX:XX} and the like: a MAC someone blanked out before publishing. */
    static boolean isRedactedMac(String s) {
        return s.matches("(?i)[0-9a-fx]{1,2}(:[0-9a-fx]{1,2}){5}") && s.toLowerCase(Locale.ROOT).contains("x");
    }

    static String macAddress(Val v, String text) throws BadValueException {
        if (!MAC_ADDR.matcher(text).matches()) {
            throw BadValueException.value("invalid MAC address '" + text + "'", v.span());
        }
        StringBuilder sb = new StringBuilder();
        for (String part : text.split(":")) {
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(part.length() == 1 ? "0" + part : part);
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    private static Match mac(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        Opt o = opts.get(0);
        if (isRedactedMac(one(o).text())) {
            return new io.nflint.ir.match.UnknownMatch("mac", ModuleSpec.raw(opts), span);
        }
        return new MacMatch(Direction.SOURCE, o.anyNegation(), macAddress(one(o), one(o).text()), "ff:ff:ff:ff:ff:ff", span);
    }

    private static Match set(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        String setName = null;
        boolean negated = false;
        List<Direction> flags = new ArrayList<>();
        List<RawOption> rest = new ArrayList<>();
        for (Opt o : opts) {
            if (is(o, "--match-set|--set")) {
                if (setName != null) {
                    throw ModuleSpec.duplicate(o);
                }
                setName = o.values().get(0).text();
                negated = o.anyNegation();
                Val fv = o.values().get(1);
                for (String f : fv.text().split(",", -1)) {
                    if (f.equals("src")) {
                        flags.add(Direction.SOURCE);
                    } else if (f.equals("dst")) {
                        flags.add(Direction.DESTINATION);
                    } else {
                        throw BadValueException.value("set flag must be src or dst, not '" + f + "'", fv.span());
                    }
                }
                if (flags.size() > 6) {
                    throw BadValueException.value("at most 6 set flags", fv.span());
                }
            } else {
                rest.add(ModuleSpec.raw(o));
            }
        }
        if (setName == null) {
            throw BadValueException.syntax("set needs --match-set NAME FLAGS", span);
        }
        return new SetMatch(negated, setName, flags, rest, span);
    }

    private static Match statistic(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        String mode = null;
        boolean negated = false;
        double probability = 1;
        int every = 0;
        int packet = 0;
        for (Opt o : opts) {
            Val v = one(o);
            if (is(o, "--mode")) {
                mode = v.text();
            } else if (is(o, "--probability")) {
                negated |= o.anyNegation();
                try {
                    probability = Double.parseDouble(v.text());
                } catch (NumberFormatException e) {
                    throw BadValueException.value("probability '" + v.text() + "' is not a number", v.span());
                }
                if (probability < 0 || probability > 1) {
                    throw BadValueException.value("probability " + v.text() + " is outside 0-1", v.span());
                }
            } else if (is(o, "--every")) {
                negated |= o.anyNegation();
                every = (int) Values.number(v.text(), v, Integer.MAX_VALUE);
            } else {
                packet = (int) Values.number(v.text(), v, Integer.MAX_VALUE);
            }
        }
        if (!"random".equals(mode) && !"nth".equals(mode)) {
            throw BadValueException.value("statistic needs --mode random or --mode nth", span);
        }
        return new StatisticMatch(mode.equals("random") ? StatisticMatch.Mode.RANDOM : StatisticMatch.Mode.NTH,
                negated, probability, every, packet, span);
    }

    private static Match limit(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        String rate = "3/hour";
        int burst = 5;
        for (Opt o : opts) {
            Val v = one(o);
            if (is(o, "--limit")) {
                rate = v.text();
            } else {
                burst = (int) Values.number(v.text(), v, 10000);
            }
        }
        return new LimitMatch(rate, burst, span);
    }

    private static Match owner(String name, List<Opt> opts, RuleScope scope, SourceSpan span) {
        return new OwnerMatch(ModuleSpec.raw(opts), span);
    }

    private static Match pkttype(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        Opt o = opts.get(0);
        String t = one(o).text().toLowerCase(Locale.ROOT);
        if (!Set.of("unicast", "broadcast", "multicast", "host", "otherhost").contains(t)) {
            throw BadValueException.value("unknown packet type '" + one(o).text() + "'", one(o).span());
        }
        return new PkttypeMatch(o.anyNegation(), t, span);
    }

    private static Match recent(String name, List<Opt> opts, RuleScope scope, SourceSpan span) {
        String mode = "";
        String listName = "DEFAULT";
        boolean negated = false;
        for (Opt o : opts) {
            if (is(o, "--set|--rcheck|--update|--remove")) {
                mode = o.name().substring(2);
                negated = o.anyNegation();
            } else if (is(o, "--name")) {
                listName = one(o).text();
            }
        }
        return new RecentMatch(negated, mode, listName, ModuleSpec.raw(opts), span);
    }
}
