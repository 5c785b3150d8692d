package io.nflint.cli.trace;

import io.nflint.cli.NflintException;
import io.nflint.host.NetInterface;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.rules.support.Spelling;
import io.nflint.walk.WalkInput;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The interface a packet arrives on, held against what is known: a bundle lists the host's real
 * interfaces, so a name it lacks ({@code --in eht0}) is a typo and an error; a bare dump lists none,
 * so a name no rule mentions is only an assumption, and the output says so (every rule's {@code -i}
 * misses it, which is rarely what the user meant to ask).
 */
final class InterfaceCheck {

    private InterfaceCheck() {
    }

    /** Throws a usage error for an unknown interface of a bundle; returns an assumption to print, if any. */
    static Optional<String> check(String iface, WalkInput input, boolean bundle) {
        if (iface == null) {
            return Optional.empty();
        }
        Set<String> known = new TreeSet<>();
        for (NetInterface i : input.host().interfaces()) {
            known.add(i.name());
        }
        if (bundle && !known.isEmpty()) {
            if (known.contains(iface)) {
                return Optional.empty();
            }
            String hint = Spelling.closest(iface, known).map(s -> "; did you mean '" + s + "'?").orElse("");
            throw NflintException.usage("--in " + iface + ": the bundle's host has no interface '" + iface + "'" + hint
                    + " (it has: " + String.join(", ", known) + ")");
        }
        Set<String> named = namedByRules(input);
        if (known.contains(iface) || named.stream().anyMatch(n -> n.endsWith("+")
                ? iface.startsWith(n.substring(0, n.length() - 1)) : n.equals(iface))) {
            return Optional.empty();
        }
        String hint = Spelling.closest(iface, named).map(s -> " (did you mean '" + s + "'?)").orElse("");
        return Optional.of("interface " + iface + " is named by no rule and the dump does not list the host's"
                + " interfaces: the walk assumes an interface of that name exists" + hint);
    }

    private static final java.util.List<io.nflint.lower.Field> IFACES = java.util.List.of(io.nflint.lower.Field.IIFNAME,
            io.nflint.lower.Field.OIFNAME, io.nflint.lower.Field.IBRNAME, io.nflint.lower.Field.OBRNAME);

    private static Set<String> namedByRules(WalkInput input) {
        Set<String> names = new TreeSet<>();
        for (Ruleset rs : input.rulesets()) {
            for (Rule r : rs.rules()) {
                for (io.nflint.lower.FieldTest t : io.nflint.lower.FieldTests.whole(io.nflint.lower.LoweredRule.of(r), IFACES)) {
                    names.add(((io.nflint.lower.Values.Name) t.values()).pattern());
                }
            }
        }
        return names;
    }
}
