package io.nflint.rules.support;

import io.nflint.ir.IpNet;
import io.nflint.ir.Rule;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.AsWritten;
import io.nflint.lower.Field;
import io.nflint.lower.FieldTest;
import io.nflint.lower.FieldTests;
import io.nflint.lower.Lowered;
import io.nflint.lower.LoweredRule;
import io.nflint.lower.Pred;
import io.nflint.lower.Values;
import io.nflint.ir.target.Goto;
import io.nflint.ir.target.Target;
import io.nflint.ir.target.UnknownTarget;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a rule means, apart from where it is written: for comparing rules and spotting catch-alls. */
public final class RuleShape {

    private RuleShape() {
    }

    /**
     * A text equal for two rules exactly when their typed matches and target are equal, ignoring
     * spans, counters, option order and spelling ({@code --dport} vs {@code --destination-port},
     * {@code /32} vs none). Matches are sorted: a rule is their conjunction. Comments are left out:
     * they match every packet, and a comment (an {@code nflint-disable} directive above all) must not
     * turn a duplicate into a different rule for one check and the same rule for another.
     */
    public static String canonical(Rule r) {
        List<String> matches = new ArrayList<>();
        for (Lowered l : LoweredRule.of(r).tests()) {
            matches.add(canonical(l.match()));
        }
        matches.sort(null);
        return String.join(" & ", matches) + " => " + canonical(r.target()) + " as " + targetText(r);
    }

    static String canonical(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value);
        return sb.toString();
    }

    /** A record component that takes part in the canonical text, with its accessor. */
    private record Part(String name, java.lang.reflect.Method accessor) {
    }

    /**
     * The components of each record class once: {@code getRecordComponents()} copies its array on
     * every call, which dominated the check on 100k-rule dumps.
     */
    private static final ClassValue<List<Part>> PARTS = new ClassValue<>() {
        @Override
        protected List<Part> computeValue(Class<?> type) {
            List<Part> parts = new ArrayList<>();
            for (RecordComponent rc : type.getRecordComponents()) {
                // spans say where, spellings how; neither changes what the rule does
                if (rc.getType() == SourceSpan.class || rc.getName().equals("spelled") || rc.isAnnotationPresent(AsWritten.class)) {
                    continue;
                }
                parts.add(new Part(rc.getName(), rc.getAccessor()));
            }
            return List.copyOf(parts);
        }
    };

    private static void append(StringBuilder sb, Object value) {
        if (value instanceof Record rec) {
            sb.append(rec.getClass().getSimpleName()).append('(');
            for (Part p : PARTS.get(rec.getClass())) {
                sb.append(p.name()).append('=');
                try {
                    append(sb, p.accessor().invoke(rec));
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + p.name() + " of " + rec.getClass(), e);
                }
                sb.append(',');
            }
            sb.append(')');
        } else if (value instanceof Set<?> set) {
            List<String> items = new ArrayList<>();
            for (Object o : set) {
                items.add(canonical(o));
            }
            items.sort(null);
            sb.append(items);
        } else if (value instanceof Collection<?> list) {
            sb.append('[');
            for (Object o : list) {
                append(sb, o);
                sb.append(';');
            }
            sb.append(']');
        } else if (value instanceof Map<?, ?> map) {
            sb.append(new java.util.TreeMap<>(map));
        } else {
            sb.append(value);
        }
    }

    /**
     * The target as written, white space collapsed. Compared besides the typed target because
     * the IR does not keep every option (DNAT's port offset {@code 1000-2000/3000} is dropped).
     */
    /** The rule's matches apart from comments, which match every packet. */
    public static int matchCount(Rule r) {
        return LoweredRule.of(r).tests().size();
    }

    public static String targetText(Rule r) {
        SourceSpan rule = r.span();
        SourceSpan target = r.target().span();
        int from = target.startOffset() - rule.startOffset();
        int to = target.stopOffset() - rule.startOffset();
        if (rule.line() != target.line() || from < 0 || to > r.text().length() || from > to) {
            return r.target().name();
        }
        return collapseWhiteSpace(r.text().substring(from, to).trim());
    }

    /** {@code s.replaceAll("\\s+", " ")} without compiling a pattern per rule. */
    static String collapseWhiteSpace(String s) {
        StringBuilder sb = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!isSpace(c)) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            int j = i + 1;
            while (j < n && isSpace(s.charAt(j))) {
                j++;
            }
            if (sb == null && (c != ' ' || j > i + 1)) {
                sb = new StringBuilder(n).append(s, 0, i);
            }
            if (sb != null) {
                sb.append(' ');
            }
            i = j - 1;
        }
        return sb == null ? s : sb.toString();
    }

    /** The characters of the regex class {@code \\s}. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** Index of the first rule that matches every packet and ends the chain; -1 when none does. */
    public static int firstCatchAll(List<Rule> rules) {
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            if (matchesEverything(r) && certainlyTerminal(r.target())) {
                return i;
            }
        }
        return -1;
    }

    /** True when the match holds for every packet the rule can see. */
    static boolean alwaysMatches(Lowered m) {
        if (!m.caps().headerOnly()) {
            return false;
        }
        // a comment, -p all
        if (m.pred() instanceof Pred.Const c) {
            return c.value();
        }
        // -s/-d with 0.0.0.0/0 among its nets, -i/-o +
        FieldTest t = FieldTests.whole(m);
        if (t == null || t.negated() || !CATCH_ALL.contains(t.field())) {
            return false;
        }
        return t.values() instanceof Values.Nets n ? n.nets().stream().anyMatch(IpNet::isAny)
                : t.values() instanceof Values.Name name && name.pattern().equals("+");
    }

    private static final Set<Field> CATCH_ALL = java.util.EnumSet.of(Field.IP_SADDR, Field.IP_DADDR,
            Field.IIFNAME, Field.OIFNAME, Field.IBRNAME, Field.OBRNAME);

    public static boolean matchesEverything(Rule r) {
        for (Lowered m : LoweredRule.of(r).matches()) {
            if (!alwaysMatches(m)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether no later rule of the chain sees a packet this rule matched: a verdict, a NAT target, a
     * goto (RETURN from the goto'd chain skips the rest of this one). Unknown targets count as not
     * terminal here: that they end the traversal is only a guess.
     */
    public static boolean certainlyTerminal(Target t) {
        if (t instanceof Goto) {
            return true;
        }
        return !(t instanceof UnknownTarget) && t.terminal();
    }
}
