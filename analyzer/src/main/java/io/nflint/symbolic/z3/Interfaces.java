package io.nflint.symbolic.z3;

import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The interface names a packet can carry, as a small enumeration: every name the rules mention, one
 * made-up member per wildcard prefix ({@code veth+} gets {@code vethx0}, matching the prefix and no
 * listed name), one "other" interface matching nothing, and id 0 for "no interface".
 */
public final class Interfaces {

    static final int NONE = 0;

    private final List<String> names = new ArrayList<>();

    Interfaces(Collection<Ruleset> rulesets) {
        this(rulesets, List.of(), 0);
    }

    /** The interface names and patterns rules mention, and whether any rule has a physdev match. */
    public record Mentioned(java.util.SortedSet<String> exact, java.util.SortedSet<String> prefixes, boolean physdev) {
    }

    /** One pass over the rules (in place: Ruleset.rules() copies 100k rules into a list first). */
    public static Mentioned scan(Collection<Ruleset> rulesets) {
        return scan(rulesets, io.nflint.lower.LoweredRuleset.lazy());
    }

    /** The same, reading the rules from their owner's lowered form. */
    public static Mentioned scan(Collection<Ruleset> rulesets, io.nflint.lower.LoweredRuleset lowered) {
        TreeSet<String> exact = new TreeSet<>();
        TreeSet<String> prefixes = new TreeSet<>();
        boolean physdev = false;
        for (Ruleset rs : rulesets) {
            for (io.nflint.ir.Table t : rs.tables()) {
                for (io.nflint.ir.Chain c : t.chains()) {
                    for (Rule r : c.rules()) {
                        for (io.nflint.lower.Lowered m : lowered.get(r).matches()) {
                            boolean[] bridgePort = {false};
                            io.nflint.lower.Preds.leaves(m.pred(), x -> {
                                io.nflint.lower.Field f = x instanceof io.nflint.lower.Pred.Test test ? test.field()
                                        : ((io.nflint.lower.Pred.Present) x).field();
                                bridgePort[0] |= f == io.nflint.lower.Field.PHYSDEV_IN || f == io.nflint.lower.Field.PHYSDEV_OUT;
                                if (x instanceof io.nflint.lower.Pred.Test test && test.values() instanceof io.nflint.lower.Values.Name n) {
                                    add(n.pattern(), exact, prefixes);
                                }
                            });
                            physdev |= bridgePort[0];
                        }
                    }
                }
            }
        }
        return new Mentioned(exact, prefixes, physdev);
    }

    Interfaces(Collection<Ruleset> rulesets, Collection<String> known, int spares) {
        this(scan(rulesets), known, spares);
    }

    /**
     * Also every name in {@code known} (the host's interfaces, so routes can name them) and
     * {@code spares} more made-up names that no pattern matches (a bridge and its ports when the
     * host does not name them).
     */
    public Interfaces(Mentioned mentioned, Collection<String> known, int spares) {
        TreeSet<String> exact = new TreeSet<>(known);
        exact.addAll(mentioned.exact());
        java.util.SortedSet<String> prefixes = mentioned.prefixes();
        names.add(null);
        names.addAll(exact);
        for (String p : prefixes) {
            names.add(fresh(p + "x", exact));
        }
        this.prefixes = new ArrayList<>(prefixes);
        for (int n = 0; n <= spares; n++) {
            String other = fresh("eth", exact);
            // "-i +" is the empty prefix: every name has it, so no "other" name can avoid it
            for (int i = 0; hasNonEmptyPrefixOf(other); i++) {
                other = fresh("if" + i + "x", exact);
            }
            names.add(other);
        }
    }

    private static void add(String pattern, TreeSet<String> exact, TreeSet<String> prefixes) {
        if (pattern.endsWith("+")) {
            prefixes.add(pattern.substring(0, pattern.length() - 1));
        } else {
            exact.add(pattern);
        }
    }

    private final List<String> prefixes;

    private boolean hasNonEmptyPrefixOf(String name) {
        for (String p : prefixes) {
            if (!p.isEmpty() && name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private String fresh(String stem, Collection<String> taken) {
        for (int i = 0; ; i++) {
            String candidate = stem + i;
            if (!taken.contains(candidate) && !names.contains(candidate)) {
                return candidate;
            }
        }
    }

    public int count() {
        return names.size();
    }

    /** Bits needed for an interface id. */
    public int bits() {
        int b = 1;
        while ((1 << b) < names.size()) {
            b++;
        }
        return b;
    }

    public String name(int id) {
        return id >= 0 && id < names.size() ? names.get(id) : null;
    }

    /** Ids whose name an {@code -i}/{@code -o} pattern matches (before negation). */
    public List<Integer> matching(String pattern) {
        List<Integer> ids = new ArrayList<>();
        boolean wildcard = pattern.endsWith("+");
        String prefix = wildcard ? pattern.substring(0, pattern.length() - 1) : pattern;
        for (int id = 1; id < names.size(); id++) {
            String n = names.get(id);
            if (wildcard ? n.startsWith(prefix) : n.equals(prefix)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * The id of a named interface: its own when the rules name it, else the member standing for the
     * longest wildcard prefix it has, else "other"; null is "no interface".
     */
    public int id(String name) {
        if (name == null) {
            return NONE;
        }
        int i = names.indexOf(name);
        if (i > 0) {
            return i;
        }
        String best = null;
        for (String p : prefixes) {
            if (name.startsWith(p) && (best == null || p.length() > best.length())) {
                best = p;
            }
        }
        if (best != null) {
            for (int id = 1; id < names.size(); id++) {
                if (names.get(id).startsWith(best + "x") && matching(best + "+").contains(id)) {
                    return id;
                }
            }
        }
        return names.size() - 1;
    }
}
