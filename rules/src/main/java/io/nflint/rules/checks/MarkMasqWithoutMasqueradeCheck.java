package io.nflint.rules.checks;

import io.nflint.ir.Chain;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.ir.target.Goto;
import io.nflint.ir.target.Jump;
import io.nflint.ir.target.MarkTarget;
import io.nflint.ir.target.Masquerade;
import io.nflint.ir.target.Snat;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * kube-proxy marks packets that need SNAT in KUBE-MARK-MASQ (0x4000) and masquerades them in
 * KUBE-POSTROUTING; podman does the same with 0x2000. When the masquerade half is missing (the
 * POSTROUTING jump was flushed, the mark bit changed in one place only), service traffic leaves
 * with the pod's or client's address and replies never find their way back.
 */
@CheckInfo(id = "NFL503", name = "mark-masq-without-masquerade", severity = Severity.ERROR,
        summary = "Packets are marked for masquerading but nat POSTROUTING never masquerades the mark")
public final class MarkMasqWithoutMasqueradeCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (Ruleset rs : context.rulesets()) {
            if (!rs.family().isIp()) {
                continue;
            }
            Optional<Table> nat = rs.table("nat");
            if (nat.isEmpty()) {
                continue;
            }
            Optional<Chain> post = nat.get().chain("POSTROUTING");
            if (post.isEmpty() || !post.get().declared() && post.get().rules().isEmpty()) {
                // a partial restore file (kube-proxy's --noflush input) says nothing about POSTROUTING
                continue;
            }
            Set<String> referenced = referencedChains(nat.get());
            Set<String> postrouting = reachable(nat.get(), "POSTROUTING");
            for (Chain c : nat.get().chains()) {
                if (!c.name().contains("MASQ") || !(c.builtin() || referenced.contains(c.name()))) {
                    continue;
                }
                for (Rule r : c.rules()) {
                    if (r.target() instanceof MarkTarget mt) {
                        long bits = mt.value() & mt.mask();
                        if (bits != 0 && !masqueradesMark(nat.get(), postrouting, bits)) {
                            sink.at(r.target().span(), "chain " + c.name() + " marks packets with 0x" + Long.toHexString(bits)
                                            + " for masquerading, but no MASQUERADE or SNAT reachable from nat POSTROUTING"
                                            + " tests that mark: the marked traffic leaves un-NATed")
                                    .rule(r)
                                    .help(c.name().startsWith("KUBE-")
                                            ? "restore KUBE-POSTROUTING: -A POSTROUTING -j KUBE-POSTROUTING and"
                                            + " -A KUBE-POSTROUTING -m mark --mark 0x" + Long.toHexString(bits) + "/0x"
                                            + Long.toHexString(bits) + " -j MASQUERADE (restarting kube-proxy rewrites both)"
                                            : "add -A POSTROUTING -m mark --mark 0x" + Long.toHexString(bits) + "/0x"
                                            + Long.toHexString(bits) + " -j MASQUERADE")
                                    .report();
                        }
                    }
                }
            }
        }
    }

    /**
     * True when a chain reachable from POSTROUTING tests the mark bits and masquerades: either the
     * rule that tests them, or (kube-proxy's shape: RETURN unless marked, then MASQUERADE) its chain.
     */
    private static boolean masqueradesMark(Table nat, Set<String> postrouting, long bits) {
        for (String name : postrouting) {
            Optional<Chain> c = nat.chain(name);
            if (c.isEmpty()) {
                continue;
            }
            boolean tests = false;
            boolean masquerades = false;
            for (Rule r : c.get().rules()) {
                boolean testsHere = false;
                for (io.nflint.lower.FieldTest m : io.nflint.lower.FieldTests.whole(io.nflint.lower.LoweredRule.of(r),
                        io.nflint.lower.Field.META_MARK)) {
                    if ((((io.nflint.lower.Values.Masked) m.values()).mask() & bits) != 0) {
                        testsHere = true;
                    }
                }
                boolean natTarget = r.target() instanceof Masquerade || r.target() instanceof Snat;
                if (testsHere && natTarget) {
                    return true;
                }
                tests |= testsHere;
                masquerades |= natTarget;
            }
            if (tests && masquerades) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> referencedChains(Table t) {
        Set<String> out = new LinkedHashSet<>();
        for (Chain c : t.chains()) {
            for (Rule r : c.rules()) {
                String next = next(r);
                if (next != null) {
                    out.add(next);
                }
            }
        }
        return out;
    }

    private static String next(Rule r) {
        return r.target() instanceof Jump j ? j.chain() : r.target() instanceof Goto g ? g.chain() : null;
    }

    static Set<String> reachable(Table t, String from) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.push(from);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) {
                continue;
            }
            t.chain(name).ifPresent(c -> {
                for (Rule r : c.rules()) {
                    String next = next(r);
                    if (next != null && !seen.contains(next)) {
                        todo.push(next);
                    }
                }
            });
        }
        return seen;
    }
}
