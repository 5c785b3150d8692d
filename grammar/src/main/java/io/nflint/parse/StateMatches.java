package io.nflint.parse;

import static io.nflint.parse.ModuleSpec.is;
import static io.nflint.parse.ModuleSpec.one;

import io.nflint.ir.CtState;
import io.nflint.ir.IpNet;
import io.nflint.ir.Neg;
import io.nflint.ir.PortRange;
import io.nflint.ir.RawOption;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.match.ConntrackMatch;
import io.nflint.ir.match.Match;
import io.nflint.ir.match.StateMatch;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** conntrack and state. */
final class StateMatches {

    private StateMatches() {
    }

    static final ModuleSpec<Match> CONNTRACK = ModuleSpec.of("conntrack", StateMatches::conntrack,
            "--ctstate", 1, "--ctproto", 1, "--ctorigsrc", 1, "--ctorigdst", 1, "--ctreplsrc", 1,
            "--ctrepldst", 1, "--ctorigsrcport", 1, "--ctorigdstport", 1, "--ctreplsrcport", 1,
            "--ctrepldstport", 1, "--ctstatus", 1, "--ctexpire", 1, "--ctdir", 1);
    static final ModuleSpec<Match> STATE = ModuleSpec.of("state", StateMatches::state, "--state", 1);

    static Set<CtState> states(Val v) throws BadValueException {
        Set<CtState> out = EnumSet.noneOf(CtState.class);
        for (String s : v.text().split(",", -1)) {
            out.add(CtState.parse(s).orElseThrow(() -> BadValueException.value("unknown conntrack state '" + s + "'", v.span())));
        }
        return out;
    }

    private static Match state(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        if (opts.size() != 1) {
            throw BadValueException.value("state needs exactly one --state", span);
        }
        Opt o = opts.get(0);
        return new StateMatch(o.anyNegation(), states(one(o)), span);
    }

    private static Match conntrack(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        Neg<Set<CtState>> state = null;
        Neg<Integer> proto = null;
        Neg<IpNet> origSrc = null;
        Neg<IpNet> origDst = null;
        Neg<IpNet> replSrc = null;
        Neg<IpNet> replDst = null;
        Neg<PortRange> origSrcPort = null;
        Neg<PortRange> origDstPort = null;
        Neg<PortRange> replSrcPort = null;
        Neg<PortRange> replDstPort = null;
        List<RawOption> rest = new ArrayList<>();
        for (Opt o : opts) {
            boolean n = o.anyNegation();
            Val v = one(o);
            if (is(o, "--ctstate")) {
                state = new Neg<>(states(v), n, o.span());
            } else if (is(o, "--ctproto")) {
                proto = new Neg<>(Values.protocol(v), n, o.span());
            } else if (is(o, "--ctorigsrc")) {
                origSrc = new Neg<>(Values.net(v, scope.v6()), n, o.span());
            } else if (is(o, "--ctorigdst")) {
                origDst = new Neg<>(Values.net(v, scope.v6()), n, o.span());
            } else if (is(o, "--ctreplsrc")) {
                replSrc = new Neg<>(Values.net(v, scope.v6()), n, o.span());
            } else if (is(o, "--ctrepldst")) {
                replDst = new Neg<>(Values.net(v, scope.v6()), n, o.span());
            } else if (is(o, "--ctorigsrcport")) {
                origSrcPort = new Neg<>(Values.portRange(v), n, o.span());
            } else if (is(o, "--ctorigdstport")) {
                origDstPort = new Neg<>(Values.portRange(v), n, o.span());
            } else if (is(o, "--ctreplsrcport")) {
                replSrcPort = new Neg<>(Values.portRange(v), n, o.span());
            } else if (is(o, "--ctrepldstport")) {
                replDstPort = new Neg<>(Values.portRange(v), n, o.span());
            } else if (is(o, "--ctdir") && !v.text().equalsIgnoreCase("ORIGINAL") && !v.text().equalsIgnoreCase("REPLY")) {
                throw BadValueException.value("--ctdir takes ORIGINAL or REPLY, not '" + v.text() + "'", v.span());
            } else {
                rest.add(ModuleSpec.raw(o));
            }
        }
        return new ConntrackMatch(state, proto, origSrc, origDst, replSrc, replDst, origSrcPort, origDstPort,
                replSrcPort, replDstPort, rest, span);
    }
}
