package io.nflint.parse;

import static io.nflint.parse.ModuleSpec.is;
import static io.nflint.parse.RuleAssembler.exactlyOne;

import io.nflint.ir.Counters;
import io.nflint.ir.Direction;
import io.nflint.ir.IpNet;
import io.nflint.ir.Neg;
import io.nflint.ir.PortRange;
import io.nflint.ir.RawOption;
import io.nflint.ir.Rule;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.match.AmongMatch;
import io.nflint.ir.match.BridgeIpMatch;
import io.nflint.ir.match.EtherTypeMatch;
import io.nflint.ir.match.InterfaceMatch;
import io.nflint.ir.match.LimitMatch;
import io.nflint.ir.match.MacMatch;
import io.nflint.ir.match.MarkMatch;
import io.nflint.ir.match.Match;
import io.nflint.ir.match.PkttypeMatch;
import io.nflint.ir.match.UnknownMatch;
import io.nflint.ir.target.Jump;
import io.nflint.ir.target.NoTarget;
import io.nflint.ir.target.Target;
import io.nflint.ir.target.UnknownTarget;
import io.nflint.ir.target.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ebtables rules: ebtables loads extensions by option name, not by {@code -m}, so options are grouped
 * by their prefix ({@code --ip-*}, {@code --among-*}, …). Targets' options follow {@code -j}.
 */
final class BridgeRuleAssembler {

    private BridgeRuleAssembler() {
    }

    private static final Map<String, Integer> ETHERTYPES = Map.ofEntries(
            Map.entry("ipv4", 0x0800), Map.entry("arp", 0x0806), Map.entry("rarp", 0x8035),
            Map.entry("ipv6", 0x86dd), Map.entry("802_1q", 0x8100), Map.entry("ipx", 0x8137),
            Map.entry("ppp_disc", 0x8863), Map.entry("ppp_ses", 0x8864), Map.entry("atalk", 0x809b),
            Map.entry("aarp", 0x80f3), Map.entry("x25", 0x0805), Map.entry("mpls_u", 0x8847),
            Map.entry("mpls_m", 0x8848), Map.entry("802_1ad", 0x88a8), Map.entry("lldp", 0x88cc),
            Map.entry("eapol", 0x888e), Map.entry("length", -2), Map.entry("loop", 0x0060),
            Map.entry("bpq", 0x08ff), Map.entry("ieeepup", 0x0a00), Map.entry("ieeepupat", 0x0a01),
            Map.entry("dec", 0x6000), Map.entry("dna_dl", 0x6001), Map.entry("dna_rc", 0x6002),
            Map.entry("dna_rt", 0x6003), Map.entry("lat", 0x6004), Map.entry("diag", 0x6005),
            Map.entry("cust", 0x6006), Map.entry("sca", 0x6007), Map.entry("teb", 0x6558),
            Map.entry("raw_fr", 0x6559), Map.entry("wan_ppp", 0x0004), Map.entry("ppp_mp", 0x0008),
            Map.entry("localtalk", 0x0009), Map.entry("ppptalk", 0x0010), Map.entry("tr_802_2", 0x0011),
            Map.entry("mobitex", 0x0015), Map.entry("control", 0x0016), Map.entry("irda", 0x0017),
            Map.entry("econet", 0x0018), Map.entry("aoe", 0x88a2), Map.entry("fcoe", 0x8906),
            Map.entry("ptp", 0x88f7));

    /** The extension an option belongs to, by ebtables' naming. */
    private static String moduleOf(String option) {
        if (option.startsWith("--ip6-")) {
            return "ip6";
        }
        if (option.startsWith("--ip-")) {
            return "ip";
        }
        for (String p : List.of("among", "arp", "vlan", "802_3", "stp", "pkttype", "nflog", "ulog", "log", "limit", "mark")) {
            if (option.equals("--" + p) || option.startsWith("--" + p + "-") || option.startsWith("--" + p + "_")) {
                return p;
            }
        }
        return null;
    }

    /** Options of the watchers and extensions that take no value. */
    private static int arity(String option) {
        return switch (option) {
            case "--log", "--log-ip", "--log-arp", "--log-ip6", "--nflog", "--ulog", "--arp-gratuitous", "--snat-arp" -> 0;
            default -> 1;
        };
    }

    static Rule build(String table, String chain, List<Opt> options, Counters counters, SourceSpan ruleSpan, String text)
            throws BadValueException {
        List<Object> slots = new ArrayList<>();
        Map<String, List<Opt>> modules = new LinkedHashMap<>();
        String targetName = null;
        SourceSpan targetStart = null;
        SourceSpan targetEnd = null;
        List<Opt> targetOpts = new ArrayList<>();
        for (Opt o : options) {
            switch (o.name()) {
                case "-p", "--protocol", "--proto" -> slots.add(etherType(o));
                case "-s", "--source", "--src" -> slots.add(mac(Direction.SOURCE, o));
                case "-d", "--destination", "--dst" -> slots.add(mac(Direction.DESTINATION, o));
                case "-i", "--in-interface", "--in-if" -> slots.add(iface(InterfaceMatch.Kind.IN, o));
                case "-o", "--out-interface", "--out-if" -> slots.add(iface(InterfaceMatch.Kind.OUT, o));
                case "--logical-in" -> slots.add(iface(InterfaceMatch.Kind.LOGICAL_IN, o));
                case "--logical-out" -> slots.add(iface(InterfaceMatch.Kind.LOGICAL_OUT, o));
                case "-j", "--jump" -> {
                    if (targetName != null) {
                        throw BadValueException.syntax("more than one target in one rule", o.nameSpan());
                    }
                    targetName = exactlyOne(o).text();
                    targetStart = o.span();
                    targetEnd = o.span();
                }
                default -> {
                    String module = moduleOf(o.name());
                    if (module == null && targetName != null) {
                        targetOpts.add(o);
                        targetEnd = o.span();
                        break;
                    }
                    if (module == null) {
                        throw BadValueException.syntax("unknown option \"" + o.name() + "\"", o.nameSpan());
                    }
                    RuleAssembler.noValues(o, arity(o.name()));
                    if (!modules.containsKey(module)) {
                        slots.add(module);
                    }
                    modules.computeIfAbsent(module, k -> new ArrayList<>()).add(o);
                }
            }
        }
        List<Match> matches = new ArrayList<>();
        for (Object slot : slots) {
            matches.add(slot instanceof String module ? module(module, modules.get(module)) : (Match) slot);
        }
        Target target;
        if (targetName == null) {
            target = new NoTarget(ruleSpan);
        } else {
            SourceSpan tspan = targetStart.to(targetEnd);
            target = switch (targetName) {
                case "ACCEPT" -> new Verdict(Verdict.Kind.ACCEPT, tspan);
                case "DROP" -> new Verdict(Verdict.Kind.DROP, tspan);
                case "RETURN" -> new Verdict(Verdict.Kind.RETURN, tspan);
                case "CONTINUE" -> new Verdict(Verdict.Kind.CONTINUE, tspan);
                default -> Targets.BRIDGE_TARGETS.contains(targetName) || !targetOpts.isEmpty()
                        ? new UnknownTarget(targetName, ModuleSpec.raw(targetOpts), endsTraversal(targetOpts), tspan)
                        : new Jump(targetName, tspan);
            };
        }
        return new Rule(table, chain, 0, matches, target, counters, ruleSpan, text);
    }

    /**
     * ebtables' dnat, snat, redirect, mark and arpreply end with the verdict of their
     * {@code --X-target} option (ACCEPT when absent); only CONTINUE lets the next rule see the frame.
     */
    private static boolean endsTraversal(List<Opt> targetOpts) {
        for (Opt o : targetOpts) {
            if (o.name().endsWith("-target") && !o.values().isEmpty()) {
                return !o.values().get(0).text().equals("CONTINUE");
            }
        }
        return true;
    }

    private static Match etherType(Opt o) throws BadValueException {
        Val v = exactlyOne(o);
        String s = v.text();
        Integer known = ETHERTYPES.get(s.toLowerCase(Locale.ROOT));
        int type;
        if (known != null) {
            type = known;
        } else if (s.startsWith("0x") || s.startsWith("0X")) {
            type = (int) Values.number(s, v, 0xffff);
        } else {
            throw BadValueException.value("unknown Ethernet protocol '" + s + "'", v.span());
        }
        return new EtherTypeMatch(o.anyNegation(), type, s, o.span());
    }

    private static Match mac(Direction dir, Opt o) throws BadValueException {
        Val v = exactlyOne(o);
        String s = v.text();
        String lower = s.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "unicast" -> {
                return new MacMatch(dir, o.anyNegation(), "00:00:00:00:00:00", "01:00:00:00:00:00", o.span());
            }
            case "multicast" -> {
                return new MacMatch(dir, o.anyNegation(), "01:00:00:00:00:00", "01:00:00:00:00:00", o.span());
            }
            case "broadcast" -> {
                return new MacMatch(dir, o.anyNegation(), "ff:ff:ff:ff:ff:ff", "ff:ff:ff:ff:ff:ff", o.span());
            }
            default -> {
                int slash = s.indexOf('/');
                String addr = MetaMatches.macAddress(v, slash < 0 ? s : s.substring(0, slash));
                String mask = slash < 0 ? "ff:ff:ff:ff:ff:ff" : MetaMatches.macAddress(v, s.substring(slash + 1));
                return new MacMatch(dir, o.anyNegation(), addr, mask, o.span());
            }
        }
    }

    private static Match iface(InterfaceMatch.Kind kind, Opt o) throws BadValueException {
        Val v = exactlyOne(o);
        return new InterfaceMatch(kind, o.anyNegation(), v.text(), o.span());
    }

    private static Match module(String module, List<Opt> opts) throws BadValueException {
        SourceSpan span = opts.get(0).span().to(opts.get(opts.size() - 1).span());
        switch (module) {
            case "ip", "ip6" -> {
                return ip(module.equals("ip6"), opts, span);
            }
            case "among" -> {
                if (opts.size() == 1) {
                    return among(opts.get(0), span);
                }
            }
            case "mark" -> {
                if (opts.size() == 1 && is(opts.get(0), "--mark") && !exactlyOne(opts.get(0)).text().startsWith("/")) {
                    Opt o = opts.get(0);
                    return new MarkMatch(o.anyNegation(), Values.mark(exactlyOne(o)), span);
                }
            }
            case "pkttype" -> {
                Opt o = opts.get(0);
                return new PkttypeMatch(o.anyNegation(), exactlyOne(o).text().toLowerCase(Locale.ROOT), span);
            }
            case "limit" -> {
                String rate = "3/hour";
                int burst = 5;
                for (Opt o : opts) {
                    if (is(o, "--limit")) {
                        rate = exactlyOne(o).text();
                    } else if (is(o, "--limit-burst")) {
                        burst = (int) Values.number(exactlyOne(o).text(), exactlyOne(o), 10000);
                    }
                }
                return new LimitMatch(rate, burst, span);
            }
            default -> {
            }
        }
        return new UnknownMatch(module, ModuleSpec.raw(opts), span);
    }

    private static Match ip(boolean v6, List<Opt> opts, SourceSpan span) throws BadValueException {
        String p = v6 ? "--ip6-" : "--ip-";
        Neg<IpNet> src = null;
        Neg<IpNet> dst = null;
        Neg<Integer> proto = null;
        Neg<PortRange> sport = null;
        Neg<PortRange> dport = null;
        List<RawOption> rest = new ArrayList<>();
        for (Opt o : opts) {
            String n = o.name().substring(p.length());
            boolean neg = o.anyNegation();
            switch (n) {
                case "src", "source" -> src = new Neg<>(Values.net(exactlyOne(o), v6), neg, o.span());
                case "dst", "destination" -> dst = new Neg<>(Values.net(exactlyOne(o), v6), neg, o.span());
                case "proto", "protocol" -> proto = new Neg<>(Values.protocol(exactlyOne(o)), neg, o.span());
                case "sport", "source-port" -> sport = new Neg<>(Values.portRange(exactlyOne(o)), neg, o.span());
                case "dport", "destination-port" -> dport = new Neg<>(Values.portRange(exactlyOne(o)), neg, o.span());
                default -> rest.add(ModuleSpec.raw(o));
            }
        }
        return new BridgeIpMatch(v6, src, dst, proto, sport, dport, rest, span);
    }

    private static Match among(Opt o, SourceSpan span) throws BadValueException {
        if (!is(o, "--among-src|--among-dst")) {
            return new UnknownMatch("among", List.of(ModuleSpec.raw(o)), span);
        }
        Val v = exactlyOne(o);
        List<AmongMatch.Entry> entries = new ArrayList<>();
        for (String e : v.text().split(",")) {
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            String mac = MetaMatches.macAddress(v, eq < 0 ? e : e.substring(0, eq));
            String ip = null;
            if (eq >= 0) {
                ip = Values.address(e.substring(eq + 1), v, false).toString();
            }
            entries.add(new AmongMatch.Entry(mac, ip));
        }
        Direction d = is(o, "--among-src") ? Direction.SOURCE : Direction.DESTINATION;
        return new AmongMatch(d, o.anyNegation(), entries, span);
    }
}
