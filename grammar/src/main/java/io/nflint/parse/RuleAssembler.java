package io.nflint.parse;

import io.nflint.ir.Counters;
import io.nflint.ir.Direction;
import io.nflint.ir.Family;
import io.nflint.ir.Rule;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.match.AddressMatch;
import io.nflint.ir.match.FragmentMatch;
import io.nflint.ir.match.InterfaceMatch;
import io.nflint.ir.match.Match;
import io.nflint.ir.match.ProtocolMatch;
import io.nflint.ir.match.UnknownMatch;
import io.nflint.ir.target.Goto;
import io.nflint.ir.target.Jump;
import io.nflint.ir.target.NoTarget;
import io.nflint.ir.target.Target;
import io.nflint.ir.target.UnknownTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Gives each option of an iptables/ip6tables rule to its owner, the way iptables' getopt loop does:
 * base options, then the target (once {@code -j} is seen), then the most recently loaded module that
 * knows the option, then the module {@code -p} loads implicitly. An unknown module takes, verbatim,
 * the options after it that no modelled module of the rule knows.
 */
final class RuleAssembler {

    /** A {@code -m} module (or implicit protocol module, or the target) and the options given to it. */
    private static final class Instance {
        final String name;
        final ModuleSpec<?> spec;
        final SourceSpan start;
        final List<Opt> options = new ArrayList<>();
        SourceSpan end;

        Instance(String name, ModuleSpec<?> spec, SourceSpan start) {
            this.name = name;
            this.spec = spec;
            this.start = start;
            this.end = start;
        }

        SourceSpan span() {
            return start.to(end);
        }
    }

    private RuleAssembler() {
    }

    static Rule build(Family family, String table, String chain, List<Opt> options, Counters counters,
                      SourceSpan ruleSpan, String text) throws BadValueException {
        boolean v6 = family == Family.IPV6;
        List<Object> slots = new ArrayList<>();
        List<Instance> modules = new ArrayList<>();
        Instance target = null;
        boolean gotoTarget = false;
        Integer protocol = null;
        boolean pendingNegation = false;
        for (Opt raw : options) {
            Opt o = pendingNegation ? raw.withNegation(true, raw.negatedAfter()) : raw;
            o = expandAbbreviation(o, target, modules, protocol);
            pendingNegation = false;
            switch (o.name()) {
                case "-s", "--source", "--src" -> slots.add(address(Direction.SOURCE, o, v6));
                case "-d", "--destination", "--dst" -> slots.add(address(Direction.DESTINATION, o, v6));
                case "-i", "--in-interface" -> slots.add(iface(InterfaceMatch.Kind.IN, o));
                case "-o", "--out-interface" -> slots.add(iface(InterfaceMatch.Kind.OUT, o));
                case "-p", "--protocol" -> {
                    Val v = exactlyOne(o);
                    int p = Values.protocol(v);
                    if (v6 && p == 1 || !v6 && p == 58) {
                        throw BadValueException.value("protocol '" + v.text() + "' is for "
                                + (v6 ? "IPv4; ip6tables uses ipv6-icmp" : "IPv6; iptables uses icmp"), v.span());
                    }
                    protocol = p;
                    slots.add(new ProtocolMatch(o.anyNegation(), p, v.text().toLowerCase(Locale.ROOT), o.span()));
                }
                case "-f", "--fragment" -> {
                    if (v6) {
                        throw BadValueException.syntax("ip6tables has no -f; use -m frag", o.nameSpan());
                    }
                    noValues(o, 0);
                    slots.add(new FragmentMatch(o.anyNegation(), o.span()));
                    pendingNegation = o.negatedAfter();
                }
                case "-m", "--match" -> {
                    Val v = exactlyOne(o);
                    String name = v.text();
                    Instance inst = new Instance(name, Matches.byName(name.toLowerCase(Locale.ROOT)), o.span());
                    modules.add(inst);
                    slots.add(inst);
                }
                case "-j", "--jump", "-g", "--goto" -> {
                    if (target != null) {
                        throw BadValueException.syntax("more than one target (-j/-g) in one rule", o.nameSpan());
                    }
                    Val v = exactlyOne(o);
                    gotoTarget = o.name().equals("-g") || o.name().equals("--goto");
                    target = new Instance(v.text(), gotoTarget ? null : Targets.IP.get(v.text()), o.span());
                }
                default -> {
                    Instance owner = ownerOf(o, target, modules, protocol, slots);
                    if (owner == null) {
                        throw BadValueException.syntax("unknown option \"" + o.name() + "\""
                                + hint(o.name(), protocol), o.nameSpan());
                    }
                    if (owner.spec != null) {
                        int arity = owner.spec.arity(o.name());
                        noValues(o, arity);
                        if (arity == 0 && o.negatedAfter()) {
                            pendingNegation = true;
                            o = o.withNegation(o.negated(), false);
                        }
                    }
                    owner.options.add(o);
                    owner.end = o.span();
                }
            }
        }
        if (pendingNegation) {
            throw BadValueException.syntax("'!' at the end of the rule negates nothing", ruleSpan);
        }
        RuleScope scope = new RuleScope(family, protocol, ruleSpan);
        List<Match> matches = new ArrayList<>(slots.size());
        for (Object slot : slots) {
            matches.add(slot instanceof Instance inst ? buildMatch(inst, scope) : (Match) slot);
        }
        Target t = target == null ? new NoTarget(ruleSpan) : buildTarget(target, gotoTarget, scope);
        return new Rule(table, chain, 0, matches, t, counters, ruleSpan, text);
    }

    private static final List<String> BASE_LONG = List.of("--source", "--src", "--destination", "--dst",
            "--in-interface", "--out-interface", "--protocol", "--fragment", "--match", "--jump", "--goto");

    /**
     * iptables parses options with getopt_long, which accepts any unique prefix of a long option
     * ({@code --dest}, {@code --mac} for {@code --mac-source}); this spells them out in full.
     */
    private static Opt expandAbbreviation(Opt o, Instance target, List<Instance> modules, Integer protocol) {
        String n = o.name();
        if (!n.startsWith("--") || BASE_LONG.contains(n)) {
            return o;
        }
        List<ModuleSpec<?>> specs = new ArrayList<>();
        if (target != null && target.spec != null) {
            specs.add(target.spec);
        }
        for (Instance m : modules) {
            if (m.spec != null) {
                specs.add(m.spec);
            }
        }
        if (Matches.implicitFor(protocol) != null) {
            specs.add(Matches.implicitFor(protocol));
        }
        for (ModuleSpec<?> s : specs) {
            if (s.arity(n) != null) {
                return o;
            }
        }
        java.util.Set<String> candidates = new java.util.TreeSet<>();
        for (String b : BASE_LONG) {
            if (b.startsWith(n)) {
                candidates.add(b);
            }
        }
        for (ModuleSpec<?> s : specs) {
            candidates.addAll(s.completions(n));
        }
        return candidates.size() == 1 ? o.withName(candidates.iterator().next()) : o;
    }

    private static String hint(String option, Integer protocol) {
        if (protocol == null && Matches.implicitFor(6).arity(option) != null) {
            return " (give -p tcp or -p udp first)";
        }
        return "";
    }

    private static Instance ownerOf(Opt o, Instance target, List<Instance> modules, Integer protocol, List<Object> slots) {
        if (target != null && (target.spec == null || target.spec.arity(o.name()) != null)) {
            return target;
        }
        for (int i = modules.size() - 1; i >= 0; i--) {
            Instance m = modules.get(i);
            if (m.spec != null && m.spec.arity(o.name()) != null) {
                return m;
            }
        }
        ModuleSpec<Match> implicit = Matches.implicitFor(protocol);
        boolean implicitKnows = implicit != null && implicit.arity(o.name()) != null;
        if (!implicitKnows && !modules.isEmpty() && modules.get(modules.size() - 1).spec == null) {
            // an unmodelled module takes what no modelled one knows: "-p udp -m policy --pol ipsec --dport
            // 1701" gives --dport to udp, as iptables does (policy has no --dport)
            return modules.get(modules.size() - 1);
        }
        if (implicit != null && implicit.arity(o.name()) != null) {
            for (Instance m : modules) {
                if (m.spec == implicit) {
                    return m;
                }
            }
            Instance inst = new Instance(implicit.name, implicit, o.span());
            modules.add(inst);
            slots.add(inst);
            return inst;
        }
        for (int i = modules.size() - 1; i >= 0; i--) {
            if (modules.get(i).spec == null) {
                return modules.get(i);
            }
        }
        return null;
    }

    private static Match buildMatch(Instance inst, RuleScope scope) throws BadValueException {
        if (inst.spec == null) {
            return new UnknownMatch(inst.name, ModuleSpec.raw(inst.options), inst.span());
        }
        return (Match) inst.spec.builder.build(inst.name.toLowerCase(Locale.ROOT), inst.options, scope, inst.span());
    }

    private static Target buildTarget(Instance t, boolean isGoto, RuleScope scope) throws BadValueException {
        if (isGoto) {
            if (!t.options.isEmpty()) {
                throw BadValueException.syntax("unknown option \"" + t.options.get(0).name() + "\"", t.options.get(0).nameSpan());
            }
            return new Goto(t.name, t.span());
        }
        if (t.spec != null) {
            return (Target) t.spec.builder.build(t.name, t.options, scope, t.span());
        }
        Boolean terminal = Targets.KNOWN_UNMODELLED.get(t.name);
        if (terminal != null || !t.options.isEmpty()) {
            return new UnknownTarget(t.name, ModuleSpec.raw(t.options), terminal != null && terminal, t.span());
        }
        return new Jump(t.name, t.span());
    }

    /**
     * A host name (resolved by iptables when loading, so its address is unknown here) or a
     * redacted placeholder such as {@code <private_ip>} becomes an unknown match on that option.
     */
    private static Match address(Direction dir, Opt o, boolean v6) throws BadValueException {
        Val v = exactlyOne(o);
        if (Values.isHostName(v.text())) {
            return new UnknownMatch(o.name().startsWith("--") ? o.name() : o.name(), List.of(ModuleSpec.raw(o)), o.span());
        }
        return new AddressMatch(dir, o.anyNegation(), Values.netList(v, v6), o.span());
    }

    private static InterfaceMatch iface(InterfaceMatch.Kind kind, Opt o) throws BadValueException {
        Val v = exactlyOne(o);
        if (v.text().length() > 15) {
            throw BadValueException.value("interface name '" + v.text() + "' is longer than 15 characters", v.span());
        }
        return new InterfaceMatch(kind, o.anyNegation(), v.text(), o.span());
    }

    static Val exactlyOne(Opt o) throws BadValueException {
        noValues(o, 1);
        return o.values().get(0);
    }

    /** Checks the option got {@code arity} values, with iptables' own wording for both mistakes. */
    static void noValues(Opt o, int arity) throws BadValueException {
        if (o.values().size() < arity) {
            throw BadValueException.syntax("option \"" + o.name() + "\" requires " + (arity == 1 ? "an argument" : arity + " arguments"),
                    o.span());
        }
        if (o.values().size() > arity) {
            Val extra = o.values().get(arity);
            throw BadValueException.syntax("Bad argument `" + Printable.of(extra.text()) + "'", extra.span());
        }
    }
}
