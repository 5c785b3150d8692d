package io.nflint.parse;

import static io.nflint.parse.ModuleSpec.duplicate;
import static io.nflint.parse.ModuleSpec.is;
import static io.nflint.parse.ModuleSpec.one;

import io.nflint.ir.Neg;
import io.nflint.ir.PortRange;
import io.nflint.ir.RawOption;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.match.DccpMatch;
import io.nflint.ir.match.IcmpMatch;
import io.nflint.ir.match.Match;
import io.nflint.ir.match.MultiportMatch;
import io.nflint.ir.match.SctpMatch;
import io.nflint.ir.match.TcpMatch;
import io.nflint.ir.match.TcpMatch.TcpFlags;
import io.nflint.ir.match.UdpMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** tcp, udp, sctp, dccp, multiport, icmp and icmp6. */
final class PortMatches {

    private PortMatches() {
    }

    static final ModuleSpec<Match> TCP = ModuleSpec.of("tcp", PortMatches::tcp,
            "--sport|--source-port", 1, "--dport|--destination-port", 1, "--tcp-flags", 2, "--syn", 0,
            "--tcp-option", 1);
    static final ModuleSpec<Match> UDP = ModuleSpec.of("udp", PortMatches::udp,
            "--sport|--source-port", 1, "--dport|--destination-port", 1);
    static final ModuleSpec<Match> SCTP = ModuleSpec.of("sctp", PortMatches::sctp,
            "--sport|--source-port", 1, "--dport|--destination-port", 1, "--chunk-types", 2);
    static final ModuleSpec<Match> DCCP = ModuleSpec.of("dccp", PortMatches::dccp,
            "--sport|--source-port", 1, "--dport|--destination-port", 1, "--dccp-types", 1, "--dccp-option", 1);
    static final ModuleSpec<Match> MULTIPORT = ModuleSpec.of("multiport", PortMatches::multiport,
            "--sports|--source-ports", 1, "--dports|--destination-ports", 1, "--ports", 1);
    static final ModuleSpec<Match> ICMP = ModuleSpec.of("icmp", PortMatches::icmp, "--icmp-type", 1);
    static final ModuleSpec<Match> ICMP6 = ModuleSpec.of("icmp6", PortMatches::icmp, "--icmpv6-type", 1);

    private static Neg<PortRange> ports(Opt o, Neg<PortRange> previous) throws BadValueException {
        if (previous != null) {
            throw duplicate(o);
        }
        return new Neg<>(Values.portRange(one(o)), o.anyNegation(), o.span());
    }

    private static Match tcp(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        Neg<PortRange> sport = null;
        Neg<PortRange> dport = null;
        Neg<TcpFlags> flags = null;
        Neg<Integer> option = null;
        for (Opt o : opts) {
            if (is(o, "--sport|--source-port")) {
                sport = ports(o, sport);
            } else if (is(o, "--dport|--destination-port")) {
                dport = ports(o, dport);
            } else if (is(o, "--syn")) {
                if (flags != null) {
                    throw duplicate(o);
                }
                flags = new Neg<>(TcpFlags.SYN_ONLY, o.anyNegation(), o.span());
            } else if (is(o, "--tcp-flags")) {
                if (flags != null) {
                    throw duplicate(o);
                }
                flags = new Neg<>(new TcpFlags(flagSet(o.values().get(0)), flagSet(o.values().get(1))),
                        o.anyNegation(), o.span());
            } else {
                option = new Neg<>((int) Values.number(one(o).text(), one(o), 255), o.anyNegation(), o.span());
            }
        }
        return new TcpMatch(sport, dport, flags, option, span);
    }

    private static final Map<String, Integer> FLAGS = Map.of("FIN", TcpFlags.FIN, "SYN", TcpFlags.SYN,
            "RST", TcpFlags.RST, "PSH", TcpFlags.PSH, "ACK", TcpFlags.ACK, "URG", TcpFlags.URG,
            "ECE", TcpFlags.ECE, "CWR", TcpFlags.CWR, "ALL", 0xff, "NONE", 0);

    private static int flagSet(Val v) throws BadValueException {
        int bits = 0;
        for (String f : v.text().split(",", -1)) {
            Integer b = FLAGS.get(f.toUpperCase(Locale.ROOT));
            if (b == null) {
                throw BadValueException.value("unknown TCP flag '" + f + "'", v.span());
            }
            bits |= b;
        }
        return bits;
    }

    private static Match udp(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        Neg<PortRange> sport = null;
        Neg<PortRange> dport = null;
        for (Opt o : opts) {
            if (is(o, "--sport|--source-port")) {
                sport = ports(o, sport);
            } else {
                dport = ports(o, dport);
            }
        }
        return new UdpMatch(sport, dport, span);
    }

    private static Match sctp(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        PortsAndRest p = portsAndRest(opts);
        return new SctpMatch(p.sport, p.dport, p.rest, span);
    }

    private static Match dccp(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        PortsAndRest p = portsAndRest(opts);
        return new DccpMatch(p.sport, p.dport, p.rest, span);
    }

    /** The port options of sctp and dccp, and their other options verbatim. */
    private record PortsAndRest(Neg<PortRange> sport, Neg<PortRange> dport, List<RawOption> rest) {
    }

    private static PortsAndRest portsAndRest(List<Opt> opts) throws BadValueException {
        Neg<PortRange> sport = null;
        Neg<PortRange> dport = null;
        List<RawOption> rest = new ArrayList<>();
        for (Opt o : opts) {
            if (is(o, "--sport|--source-port")) {
                sport = ports(o, sport);
            } else if (is(o, "--dport|--destination-port")) {
                dport = ports(o, dport);
            } else {
                rest.add(ModuleSpec.raw(o));
            }
        }
        return new PortsAndRest(sport, dport, rest);
    }

    private static Match multiport(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        if (opts.size() != 1) {
            throw BadValueException.value(opts.isEmpty()
                    ? "multiport needs one of --sports, --dports, --ports"
                    : "multiport takes only one of --sports, --dports, --ports", span);
        }
        Opt o = opts.get(0);
        MultiportMatch.Which which = is(o, "--sports|--source-ports") ? MultiportMatch.Which.SOURCE
                : is(o, "--ports") ? MultiportMatch.Which.EITHER : MultiportMatch.Which.DESTINATION;
        return new MultiportMatch(which, o.anyNegation(), Values.portList(one(o)), span);
    }

    private static Match icmp(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        boolean v6 = name.equals("icmp6") || name.equals("icmpv6") || name.equals("ipv6-icmp");
        if (opts.isEmpty()) {
            return new IcmpMatch(v6, false, -1, 0, 255, "any", span);
        }
        if (opts.size() > 1) {
            throw duplicate(opts.get(1));
        }
        Opt o = opts.get(0);
        Val v = one(o);
        int[] tc = IcmpTypes.parse(v.text(), v6);
        if (tc == null) {
            throw BadValueException.value("invalid ICMP" + (v6 ? "v6" : "") + " type '" + v.text() + "'", v.span());
        }
        return new IcmpMatch(v6, o.anyNegation(), tc[0], tc[1], tc[2], v.text(), span);
    }
}
