package io.nflint.rules.checks;

import io.nflint.ir.Family;
import io.nflint.ir.RawOption;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.target.UnknownTarget;
import io.nflint.lower.Lowered;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Says where the analysis is approximate: each match module or target nflint keeps verbatim, each
 * {@code -s}/{@code -d} that names a host rather than an address, and each shell-variable
 * placeholder ({@code $WEB_IP}) left in a file that iptables-restore would reject. One finding per
 * module per file, on its first use, with the count and the next few lines: a firewall behind
 * {@code -m mac} chains uses the module thousands of times, and one line says all there is to say.
 * Uses in rules whose match cannot change a reported result (LOG, NFLOG, TRACE, counting rules
 * without a target) are not counted. arptables dumps are parsed but not analysed at all, so they
 * get one finding per file.
 */
@CheckInfo(id = "NFL013", name = "unknown-module", severity = Severity.INFO,
        summary = "A match module, target or host name the analysis does not model and treats as may-match")
public final class UnknownModuleCheck implements Check {

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{?[A-Za-z_][A-Za-z0-9_]*\\}?.*");
    /** Further uses shown as related lines, after the first. */
    private static final int SHOWN = 3;

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (Ruleset rs : context.rulesets()) {
            if (rs.family() == Family.ARP) {
                reportArp(rs, sink);
                continue;
            }
            Map<String, Group> groups = new LinkedHashMap<>();
            for (Rule r : rs.rules()) {
                if (!canChangeResult(r)) {
                    continue;
                }
                for (Lowered u : context.lowered(r).matches()) {
                    // the lowering's capability table says which matches nflint does not model at all
                    if (u.caps().notModelled()) {
                        String value = addressValue(u);
                        String key = value == null ? "module " + u.match().module()
                                : PLACEHOLDER.matcher(value).matches() ? "placeholder"
                                : HOST_NAME.matcher(value).matches() ? "host" : "address";
                        groups.computeIfAbsent(key, k -> new Group(k, r, u)).add(u.match().span(), value);
                    }
                }
                if (r.target() instanceof UnknownTarget u) {
                    groups.computeIfAbsent("target " + u.name(), k -> new Group(k, r, u)).add(u.span(), null);
                }
            }
            for (Group g : groups.values()) {
                g.report(sink);
            }
        }
    }

    /**
     * Whether the rule's match decides anything nflint reports: LOG, NFLOG, TRACE and rules without
     * a target only count or log, and go on to the next rule whether they match or not.
     */
    private static boolean canChangeResult(Rule r) {
        return !io.nflint.lower.TargetKind.of(r.target()).onlyObserves();
    }

    /** The value of a {@code -s}/{@code -d} kept verbatim, or null for a real module. */
    private static String addressValue(Lowered u) {
        if (!u.match().module().startsWith("-")) {
            return null;
        }
        return u.verbatim().isEmpty() || u.verbatim().get(0).values().isEmpty() ? "" : u.verbatim().get(0).values().get(0);
    }

    /** The uses of one unmodelled module (or kind of address) in one file. */
    private static final class Group {
        private final String key;
        private final Rule firstRule;
        private final Object first;
        private final List<SourceSpan> spans = new ArrayList<>();
        private final Set<String> values = new LinkedHashSet<>();

        Group(String key, Rule firstRule, Object first) {
            this.key = key;
            this.firstRule = firstRule;
            this.first = first;
        }

        void add(SourceSpan span, String value) {
            spans.add(span);
            if (value != null) {
                values.add(value);
            }
        }

        void report(FindingSink sink) {
            String uses = spans.size() == 1 ? "" : " (" + spans.size() + " uses in this file; the first is here)";
            FindingSink.Report report;
            if (first instanceof UnknownTarget u) {
                report = sink.at(spans.get(0), "target " + u.name() + " is not modelled" + uses
                        + "; the analysis treats it as may-" + (u.terminal()
                        ? "end the traversal (as the kernel's " + u.name() + " does)" : "change the packet and continue"));
            } else {
                Lowered u = (Lowered) first;
                report = sink.at(spans.get(0), switch (key) {
                    case "placeholder" -> names() + (values.size() == 1 ? " is a shell variable placeholder" 
                            : " are shell variable placeholders") + uses + ": iptables-restore rejects the file until they are"
                            + " replaced by addresses; the analysis treats them as may-match";
                    case "host" -> "host name" + (values.size() == 1 ? " " : "s ") + names() + " in -s/-d "
                            + (values.size() == 1 ? "is" : "are") + " resolved by DNS when the rules are loaded" + uses
                            + "; the analysis treats " + (values.size() == 1 ? "it" : "them") + " as may-match";
                    case "address" -> names() + " in -s/-d " + (values.size() == 1 ? "is not an address" : "are not addresses")
                            + " (a redacted placeholder?)" + uses + "; the analysis treats "
                            + (values.size() == 1 ? "it" : "them") + " as may-match";
                    default -> "module " + u.match().module() + " is not modelled" + options(u) + uses
                            + "; the analysis treats it as may-match";
                });
                if (key.equals("placeholder")) {
                    report.severity(Severity.ERROR)
                            .help("generate the dump with the variables substituted (or run the script that defines them),"
                                    + " then check what iptables-save prints");
                }
            }
            for (SourceSpan s : spans.subList(1, Math.min(spans.size(), 1 + SHOWN))) {
                report.related(s, "also here");
            }
            report.rule(firstRule).report();
        }

        private String names() {
            StringBuilder sb = new StringBuilder();
            int n = 0;
            for (String v : values) {
                if (n == 4) {
                    sb.append(", …");
                    break;
                }
                sb.append(n++ == 0 ? "" : ", ").append('\'').append(v).append('\'');
            }
            return sb.toString();
        }

        private static String options(Lowered u) {
            StringBuilder options = new StringBuilder();
            for (RawOption o : u.verbatim()) {
                options.append(options.length() == 0 ? "" : " ").append(o);
            }
            return options.length() == 0 ? "" : " (" + options + ")";
        }
    }

    private static void reportArp(Ruleset rs, FindingSink sink) {
        SourceSpan at = null;
        if (!rs.rules().isEmpty()) {
            at = rs.rules().get(0).span();
        } else if (!rs.tables().isEmpty() && rs.tables().get(0).span() != null) {
            at = rs.tables().get(0).span();
        }
        if (at == null) {
            return;
        }
        sink.at(at, "arptables rules are parsed but not analysed (" + rs.ruleCount() + " rules in this file)").report();
    }
}
