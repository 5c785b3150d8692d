package io.nflint.rules.checks;

import io.nflint.ir.Chain;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.ir.target.Jump;
import io.nflint.ir.target.Reject;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import java.util.Optional;

/**
 * kube-proxy writes a REJECT in filter KUBE-SERVICES (or KUBE-EXTERNAL-SERVICES) for a service
 * whose selector matches no ready pod, commented "ns/svc:port has no endpoints". Older versions
 * left the KUBE-SVC chain without a KUBE-SEP jump instead; both mean connections fail.
 */
@CheckInfo(id = "NFL501", name = "kube-service-without-endpoints", severity = Severity.WARNING,
        summary = "A Kubernetes service has no endpoints, so kube-proxy rejects its connections")
public final class KubeServiceWithoutEndpointsCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (Ruleset rs : context.rulesets()) {
            if (!rs.family().isIp()) {
                continue;
            }
            rs.table("filter").ifPresent(t -> rejects(t, sink));
            rs.table("nat").ifPresent(t -> emptyServiceChains(t, sink));
        }
    }

    private static void rejects(Table filter, FindingSink sink) {
        for (Chain c : filter.chains()) {
            if (!c.name().startsWith("KUBE-")) {
                continue;
            }
            for (Rule r : c.rules()) {
                Optional<String> comment = comment(r);
                if (r.target() instanceof Reject && comment.isPresent() && comment.get().endsWith(" has no endpoints")) {
                    String service = comment.get().substring(0, comment.get().length() - " has no endpoints".length());
                    sink.at(r.span(), "service " + service + " has no endpoints: kube-proxy rejects its connections ("
                                    + r.target().name() + " " + ((Reject) r.target()).with() + ")")
                            .rule(r)
                            .help("check the service's selector and that its pods are Ready: kubectl get endpointslices -l "
                                    + "kubernetes.io/service-name=" + serviceName(service))
                            .report();
                }
            }
        }
    }

    private static void emptyServiceChains(Table nat, FindingSink sink) {
        java.util.Set<String> jumpedTo = new java.util.HashSet<>();
        for (Chain c : nat.chains()) {
            for (Rule r : c.rules()) {
                if (r.target() instanceof Jump j) {
                    jumpedTo.add(j.chain());
                }
            }
        }
        for (Chain c : nat.chains()) {
            if (!c.name().startsWith("KUBE-SVC-") || !c.declared()) {
                continue;
            }
            boolean hasEndpoint = translates(nat, c.name(), new java.util.HashSet<>());
            boolean referenced = jumpedTo.contains(c.name());
            if (!hasEndpoint && referenced) {
                sink.at(c.span(), "service chain " + c.name() + " has no KUBE-SEP endpoint: traffic to the service is not"
                                + " load-balanced anywhere and falls through to the next rule")
                        .location("nat", c.name(), "")
                        .help("check the service's selector and that its pods are Ready")
                        .report();
            }
        }
    }

    /**
     * Whether the packets of a chain get DNATed: by a KUBE-SEP jump (kube-proxy since 1.2), by a DNAT
     * rule in the chain itself (the old userspace-era service chains, KUBE-PORTALS), or in a chain it
     * jumps or goes to.
     */
    private static boolean translates(Table nat, String chain, java.util.Set<String> seen) {
        if (!seen.add(chain)) {
            return false;
        }
        Optional<Chain> c = nat.chain(chain);
        if (c.isEmpty()) {
            return false;
        }
        for (Rule r : c.get().rules()) {
            if (r.target() instanceof io.nflint.ir.target.Dnat || r.target() instanceof io.nflint.ir.target.Redirect) {
                return true;
            }
            String callee = r.target() instanceof Jump j ? j.chain()
                    : r.target() instanceof io.nflint.ir.target.Goto g ? g.chain() : null;
            if (callee != null && (callee.startsWith("KUBE-SEP-") || translates(nat, callee, seen))) {
                return true;
            }
        }
        return false;
    }

    static Optional<String> comment(Rule r) {
        return io.nflint.lower.LoweredRule.of(r).comment();
    }

    /** {@code ns/svc:port} → {@code svc}. */
    private static String serviceName(String service) {
        int slash = service.indexOf('/');
        int colon = service.indexOf(':', slash + 1);
        return service.substring(slash + 1, colon < 0 ? service.length() : colon);
    }
}
