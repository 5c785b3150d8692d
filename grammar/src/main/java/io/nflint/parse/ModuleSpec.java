package io.nflint.parse;

import io.nflint.ir.RawOption;
import io.nflint.ir.SourceSpan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The options one match module or target takes, with how many values each needs (its getopt
 * table), and how to build the IR element from them.
 */
final class ModuleSpec<T> {

    /** Builds the IR element; {@code span} covers the module's options (and its {@code -m}/{@code -j}). */
    interface Builder<T> {
        T build(String name, List<Opt> options, RuleScope scope, SourceSpan span) throws BadValueException;
    }

    final String name;
    private final Map<String, Integer> arities;
    final Builder<T> builder;

    private ModuleSpec(String name, Map<String, Integer> arities, Builder<T> builder) {
        this.name = name;
        this.arities = arities;
        this.builder = builder;
    }

    /**
     * {@code options} alternates names and arities: {@code "--dport", 1, "--syn", 0}. A name may list
     * aliases separated by {@code |}.
     */
    static <T> ModuleSpec<T> of(String name, Builder<T> builder, Object... options) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            for (String alias : ((String) options[i]).split("\\|")) {
                m.put(alias, (Integer) options[i + 1]);
            }
        }
        return new ModuleSpec<>(name, m, builder);
    }

    /** The long options of this module that start with {@code prefix} (getopt accepts unique prefixes). */
    List<String> completions(String prefix) {
        List<String> out = new ArrayList<>();
        for (String o : arities.keySet()) {
            if (o.startsWith(prefix)) {
                out.add(o);
            }
        }
        return out;
    }

    /** Number of values the option takes, or null when this module has no such option. */
    Integer arity(String option) {
        return arities.get(option);
    }

    // ---- helpers shared by the builders ----

    /** The single value of an option (arity is checked before building). */
    static Val one(Opt o) {
        return o.values().get(0);
    }

    static boolean is(Opt o, String names) {
        for (String n : names.split("\\|")) {
            if (o.name().equals(n)) {
                return true;
            }
        }
        return false;
    }

    static RawOption raw(Opt o) {
        List<String> vs = new ArrayList<>(o.values().size());
        for (Val v : o.values()) {
            vs.add(v.text());
        }
        return new RawOption(o.anyNegation(), o.name(), vs, o.span());
    }

    static List<RawOption> raw(List<Opt> opts) {
        List<RawOption> out = new ArrayList<>(opts.size());
        for (Opt o : opts) {
            out.add(raw(o));
        }
        return out;
    }

    static BadValueException duplicate(Opt o) {
        return BadValueException.value("option " + o.name() + " given twice in one module", o.nameSpan());
    }
}
