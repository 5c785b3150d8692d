package io.nflint.parse;

import static io.nflint.parse.ModuleSpec.is;
import static io.nflint.parse.ModuleSpec.one;

import io.nflint.ir.IpNet;
import io.nflint.ir.MarkValue;
import io.nflint.ir.NatRange;
import io.nflint.ir.PortRange;
import io.nflint.ir.RawOption;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.target.Checksum;
import io.nflint.ir.target.ConnmarkTarget;
import io.nflint.ir.target.Ct;
import io.nflint.ir.target.Dnat;
import io.nflint.ir.target.Log;
import io.nflint.ir.target.Masquerade;
import io.nflint.ir.target.MarkTarget;
import io.nflint.ir.target.Netmap;
import io.nflint.ir.target.Nflog;
import io.nflint.ir.target.Notrack;
import io.nflint.ir.target.Redirect;
import io.nflint.ir.target.Reject;
import io.nflint.ir.target.Snat;
import io.nflint.ir.target.Target;
import io.nflint.ir.target.Tcpmss;
import io.nflint.ir.target.Trace;
import io.nflint.ir.target.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The targets nflint models, and the names of those it knows but keeps verbatim. */
final class Targets {

    private Targets() {
    }

    static final Map<String, ModuleSpec<Target>> IP = Map.ofEntries(
            entry(ModuleSpec.of("ACCEPT", (n, o, s, sp) -> new Verdict(Verdict.Kind.ACCEPT, sp))),
            entry(ModuleSpec.of("DROP", (n, o, s, sp) -> new Verdict(Verdict.Kind.DROP, sp))),
            entry(ModuleSpec.of("RETURN", (n, o, s, sp) -> new Verdict(Verdict.Kind.RETURN, sp))),
            entry(ModuleSpec.of("REJECT", Targets::reject, "--reject-with", 1)),
            entry(ModuleSpec.of("LOG", Targets::log, "--log-prefix", 1, "--log-level", 1, "--log-tcp-sequence", 0,
                    "--log-tcp-options", 0, "--log-ip-options", 0, "--log-uid", 0, "--log-macdecode", 0)),
            entry(ModuleSpec.of("NFLOG", Targets::nflog, "--nflog-group", 1, "--nflog-prefix", 1,
                    "--nflog-range", 1, "--nflog-size", 1, "--nflog-threshold", 1)),
            entry(ModuleSpec.of("TRACE", (n, o, s, sp) -> new Trace(sp))),
            entry(ModuleSpec.of("MARK", Targets::mark, "--set-mark", 1, "--set-xmark", 1, "--and-mark", 1,
                    "--or-mark", 1, "--xor-mark", 1)),
            entry(ModuleSpec.of("CONNMARK", Targets::connmark, "--set-mark", 1, "--set-xmark", 1, "--save-mark", 0,
                    "--restore-mark", 0, "--and-mark", 1, "--or-mark", 1, "--xor-mark", 1, "--mask", 1,
                    "--nfmask", 1, "--ctmask", 1)),
            entry(ModuleSpec.of("DNAT", Targets::dnat, "--to-destination", 1, "--random", 0, "--persistent", 0)),
            entry(ModuleSpec.of("SNAT", Targets::snat, "--to-source", 1, "--random", 0, "--random-fully", 0,
                    "--persistent", 0)),
            entry(ModuleSpec.of("MASQUERADE", Targets::masquerade, "--to-ports", 1, "--random", 0,
                    "--random-fully", 0)),
            entry(ModuleSpec.of("REDIRECT", Targets::redirect, "--to-ports", 1, "--random", 0)),
            entry(ModuleSpec.of("NETMAP", Targets::netmap, "--to", 1)),
            entry(ModuleSpec.of("CT", Targets::ct, "--notrack", 0, "--helper", 1, "--zone", 1, "--zone-orig", 1,
                    "--zone-reply", 1, "--ctevents", 1, "--expevents", 1, "--timeout", 1)),
            entry(ModuleSpec.of("NOTRACK", (n, o, s, sp) -> new Notrack(sp))),
            entry(ModuleSpec.of("CHECKSUM", (n, o, s, sp) -> new Checksum(sp), "--checksum-fill", 0)),
            entry(ModuleSpec.of("TCPMSS", Targets::tcpmss, "--set-mss", 1, "--clamp-mss-to-pmtu", 0)));

    /**
     * Targets the kernel has that nflint keeps verbatim, with whether they end the traversal
     * (NFQUEUE and SYNPROXY do; TEE, CLASSIFY and friends only change the packet or copy it).
     */
    static final Map<String, Boolean> KNOWN_UNMODELLED = Map.ofEntries(
            Map.entry("NFQUEUE", true), Map.entry("QUEUE", true), Map.entry("TPROXY", true),
            Map.entry("SYNPROXY", true), Map.entry("MIRROR", true), Map.entry("TARPIT", true),
            Map.entry("DELUDE", true), Map.entry("CHAOS", true), Map.entry("TEE", false),
            Map.entry("CLASSIFY", false), Map.entry("DSCP", false), Map.entry("TOS", false),
            Map.entry("TTL", false), Map.entry("HL", false), Map.entry("SECMARK", false),
            Map.entry("CONNSECMARK", false), Map.entry("AUDIT", false), Map.entry("LED", false),
            Map.entry("IDLETIMER", false), Map.entry("CLUSTERIP", false), Map.entry("HMARK", false),
            Map.entry("RATEEST", false), Map.entry("DNPT", false), Map.entry("SNPT", false),
            Map.entry("ULOG", false), Map.entry("SET", false), Map.entry("ECN", false),
            Map.entry("IPV4OPTSSTRIP", false), Map.entry("SAME", true), Map.entry("NETFLOW", false),
            Map.entry("ACCOUNT", false), Map.entry("FULLCONENAT", true), Map.entry("FLOWOFFLOAD", false),
            Map.entry("TCPOPTSTRIP", false), Map.entry("DHCPMAC", false), Map.entry("SYSRQ", true),
            Map.entry("IPMARK", false), Map.entry("LOGMARK", false), Map.entry("STEAL", true),
            Map.entry("RAWDNAT", true), Map.entry("RAWSNAT", true), Map.entry("ECHO", true));

    /** ebtables' targets besides the standard verdicts; each ends the traversal with its --X-target. */
    static final Set<String> BRIDGE_TARGETS = Set.of("dnat", "snat", "redirect", "mark", "arpreply",
            "nflog", "log", "ulog", "classify", "audit");

    private static Map.Entry<String, ModuleSpec<Target>> entry(ModuleSpec<Target> s) {
        return Map.entry(s.name, s);
    }

    private static final Set<String> REJECT_V4 = Set.of("icmp-net-unreachable", "icmp-host-unreachable",
            "icmp-port-unreachable", "icmp-proto-unreachable", "icmp-net-prohibited", "icmp-host-prohibited",
            "icmp-admin-prohibited", "tcp-reset");
    private static final Map<String, String> REJECT_ALIASES = Map.ofEntries(
            Map.entry("net-unreach", "icmp-net-unreachable"), Map.entry("host-unreach", "icmp-host-unreachable"),
            Map.entry("port-unreach", "icmp-port-unreachable"), Map.entry("proto-unreach", "icmp-proto-unreachable"),
            Map.entry("net-prohib", "icmp-net-prohibited"), Map.entry("host-prohib", "icmp-host-prohibited"),
            Map.entry("admin-prohib", "icmp-admin-prohibited"), Map.entry("tcp-rst", "tcp-reset"));
    private static final Set<String> REJECT_V6 = Set.of("icmp6-no-route", "icmp6-adm-prohibited",
            "icmp6-addr-unreachable", "icmp6-port-unreachable", "icmp6-policy-fail", "icmp6-reject-route",
            "tcp-reset");
    private static final Map<String, String> REJECT_V6_ALIASES = Map.ofEntries(
            Map.entry("no-route", "icmp6-no-route"), Map.entry("adm-prohibited", "icmp6-adm-prohibited"),
            Map.entry("addr-unreach", "icmp6-addr-unreachable"), Map.entry("port-unreach", "icmp6-port-unreachable"),
            Map.entry("policy-fail", "icmp6-policy-fail"), Map.entry("reject-route", "icmp6-reject-route"),
            Map.entry("tcp-rst", "tcp-reset"));

    private static Target reject(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        String with = scope.v6() ? "icmp6-port-unreachable" : "icmp-port-unreachable";
        for (Opt o : opts) {
            String w = one(o).text();
            String canonical = scope.v6() ? REJECT_V6_ALIASES.getOrDefault(w, w) : REJECT_ALIASES.getOrDefault(w, w);
            if (!(scope.v6() ? REJECT_V6 : REJECT_V4).contains(canonical)) {
                throw BadValueException.value("unknown --reject-with type '" + w + "'", one(o).span());
            }
            with = canonical;
        }
        return new Reject(with, span);
    }

    private static Target log(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        String prefix = "";
        String level = "warning";
        List<RawOption> rest = new ArrayList<>();
        for (Opt o : opts) {
            if (is(o, "--log-prefix")) {
                prefix = one(o).text();
                if (prefix.length() > 29) {
                    throw BadValueException.value("log prefix is " + prefix.length() + " characters; the kernel keeps at most 29", one(o).span());
                }
            } else if (is(o, "--log-level")) {
                level = one(o).text();
            } else {
                rest.add(ModuleSpec.raw(o));
            }
        }
        return new Log(prefix, level, rest, span);
    }

    private static Target nflog(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        int group = 0;
        String prefix = "";
        List<RawOption> rest = new ArrayList<>();
        for (Opt o : opts) {
            if (is(o, "--nflog-group")) {
                group = (int) Values.number(one(o).text(), one(o), 65535);
            } else if (is(o, "--nflog-prefix")) {
                prefix = one(o).text();
            } else {
                rest.add(ModuleSpec.raw(o));
            }
        }
        return new Nflog(group, prefix, rest, span);
    }

    private static Target mark(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        if (opts.size() != 1) {
            throw BadValueException.syntax("MARK takes exactly one of --set-mark, --set-xmark, --and-mark, --or-mark, --xor-mark", span);
        }
        Opt o = opts.get(0);
        long[] vm = xmark(o);
        return new MarkTarget(vm[0], vm[1], o.name(), span);
    }

    /** Normalises every MARK spelling to the kernel's (value, mask) xor form. */
    private static long[] xmark(Opt o) throws BadValueException {
        Val v = one(o);
        if (is(o, "--and-mark")) {
            long bits = Values.number(v.text(), v, MarkValue.FULL);
            return new long[] {0, ~bits & MarkValue.FULL};
        }
        if (is(o, "--or-mark")) {
            long bits = Values.number(v.text(), v, MarkValue.FULL);
            return new long[] {bits, bits};
        }
        if (is(o, "--xor-mark")) {
            long bits = Values.number(v.text(), v, MarkValue.FULL);
            return new long[] {bits, 0};
        }
        MarkValue m = Values.mark(v);
        if (is(o, "--set-mark")) {
            return new long[] {m.value(), m.mask() | m.value()};
        }
        return new long[] {m.value(), m.mask()};
    }

    private static Target connmark(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        ConnmarkTarget.Mode mode = null;
        long value = 0;
        long mask = MarkValue.FULL;
        long nfmask = MarkValue.FULL;
        long ctmask = MarkValue.FULL;
        for (Opt o : opts) {
            if (is(o, "--save-mark")) {
                mode = ConnmarkTarget.Mode.SAVE;
            } else if (is(o, "--restore-mark")) {
                mode = ConnmarkTarget.Mode.RESTORE;
            } else if (is(o, "--mask")) {
                long m = Values.number(one(o).text(), one(o), MarkValue.FULL);
                nfmask = m;
                ctmask = m;
            } else if (is(o, "--nfmask")) {
                nfmask = Values.number(one(o).text(), one(o), MarkValue.FULL);
            } else if (is(o, "--ctmask")) {
                ctmask = Values.number(one(o).text(), one(o), MarkValue.FULL);
            } else {
                mode = ConnmarkTarget.Mode.SET;
                long[] vm = xmark(o);
                value = vm[0];
                mask = vm[1];
            }
        }
        if (mode == null) {
            throw BadValueException.syntax("CONNMARK needs --set-mark, --set-xmark, --save-mark or --restore-mark", span);
        }
        return new ConnmarkTarget(mode, value, mask, nfmask, ctmask, span);
    }

    private static List<NatRange> natRanges(List<Opt> opts, String option, RuleScope scope) throws BadValueException {
        List<NatRange> to = new ArrayList<>();
        for (Opt o : opts) {
            if (is(o, option)) {
                to.add(Values.natRange(one(o), scope.v6()));
            }
        }
        return to;
    }

    private static boolean flag(List<Opt> opts, String names) {
        for (Opt o : opts) {
            if (is(o, names)) {
                return true;
            }
        }
        return false;
    }

    private static Target dnat(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        List<NatRange> to = natRanges(opts, "--to-destination", scope);
        if (to.isEmpty()) {
            throw BadValueException.syntax("DNAT needs --to-destination", span);
        }
        return new Dnat(to, flag(opts, "--random"), flag(opts, "--persistent"), span);
    }

    private static Target snat(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        List<NatRange> to = natRanges(opts, "--to-source", scope);
        if (to.isEmpty()) {
            throw BadValueException.syntax("SNAT needs --to-source", span);
        }
        return new Snat(to, flag(opts, "--random|--random-fully"), flag(opts, "--persistent"), span);
    }

    private static PortRange toPorts(List<Opt> opts) throws BadValueException {
        for (Opt o : opts) {
            if (is(o, "--to-ports")) {
                return Values.natPorts(one(o));
            }
        }
        return null;
    }

    private static Target masquerade(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        return new Masquerade(toPorts(opts), flag(opts, "--random|--random-fully"), span);
    }

    private static Target redirect(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        return new Redirect(toPorts(opts), flag(opts, "--random"), span);
    }

    private static Target netmap(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        if (opts.size() != 1) {
            throw BadValueException.syntax("NETMAP needs --to", span);
        }
        IpNet to = Values.net(one(opts.get(0)), scope.v6());
        return new Netmap(to, span);
    }

    private static Target ct(String name, List<Opt> opts, RuleScope scope, SourceSpan span) {
        return new Ct(flag(opts, "--notrack"), ModuleSpec.raw(opts), span);
    }

    private static Target tcpmss(String name, List<Opt> opts, RuleScope scope, SourceSpan span) throws BadValueException {
        if (opts.size() != 1) {
            throw BadValueException.syntax("TCPMSS needs exactly one of --set-mss, --clamp-mss-to-pmtu", span);
        }
        Opt o = opts.get(0);
        if (is(o, "--clamp-mss-to-pmtu")) {
            return new Tcpmss(-1, span);
        }
        return new Tcpmss((int) Values.number(one(o).text(), one(o), 65535), span);
    }
}
