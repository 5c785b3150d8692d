package io.nflint.rules.support;

import io.nflint.container.PortMapping;
import io.nflint.host.Assumption;
import io.nflint.host.HostModel;
import io.nflint.host.Listener;
import io.nflint.ir.Ip;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.lower.Field;
import io.nflint.lower.FieldTests;
import io.nflint.lower.LoweredRule;
import io.nflint.ir.target.Jump;
import io.nflint.ir.target.Verdict;
import io.nflint.rules.CheckContext;
import java.util.List;
import java.util.Optional;

/**
 * Host facts the published-port checks weigh besides the rules: whether the bundle listed
 * listening sockets and containers, whether a user-space proxy serves a port, and whether the rules
 * have the shape Docker writes when its userland proxy is on.
 */
public final class PortFacts {

    private PortFacts() {
    }

    /** The bundle listed listening sockets (ss-listen.txt), so "no proxy listens" is a fact. */
    static boolean listenersKnown(CheckContext ctx) {
        return ctx.isBundle() && missing(ctx.analysis().host(), "ss-listen.txt").isEmpty();
    }

    /** The bundle has the engine's inspect output, so "no container holds it" is a fact. */
    static boolean inspectKnown(CheckContext ctx) {
        return ctx.isBundle() && missing(ctx.analysis().host(), "docker-inspect.json").isEmpty();
    }

    /**
     * Whether the bundle's sysctl.txt states the sysctl named (in part) by {@code key}; for a bare
     * dump, or when sysctl.txt is missing or silent about it, the value is the analyzer's guess.
     */
    public static boolean sysctlKnown(CheckContext ctx, String key) {
        if (!ctx.isBundle()) {
            return false;
        }
        return ctx.analysis().host().assumptions().stream().noneMatch(a -> a.file().equals("sysctl.txt")
                && (a.text().contains("is missing") || a.text().contains(key)));
    }

    private static Optional<Assumption> missing(HostModel host, String file) {
        return host.assumptions().stream().filter(a -> a.file().equals(file)).findFirst();
    }

    /**
     * A user-space proxy that forwards connections on this port: docker-proxy (rootless
     * rootlessport too). Podman's conmon only holds the port so nobody else takes it; a client
     * connecting to it gets a handshake and no data (ground truth "no-reply"), so it does not count.
     */
    public static Optional<Listener> proxy(HostModel host, String proto, Ip dst, int port) {
        for (Listener l : host.listenersFor(proto, dst, port)) {
            if ("docker-proxy".equals(l.process()) || "rootlessport".equals(l.process())) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /**
     * The rules say Docker runs its userland proxy: it writes {@code -A DOCKER -i docker0 -j RETURN}
     * (container traffic to a host port goes to docker-proxy) and {@code ! -d 127.0.0.0/8} on the nat
     * OUTPUT jump only then; with {@code --userland-proxy=false} it writes neither.
     */
    static boolean dockerUserlandProxy(CheckContext ctx) {
        if (ctx.analysis().nft().map(n -> n.tables().stream().anyMatch(io.nflint.container.NftEngines::userlandProxyShape))
                .orElse(false)) {
            return true;
        }
        for (Ruleset rs : ctx.analysis().rulesets()) {
            for (Rule r : rs.rules()) {
                if (!r.table().equals("nat")) {
                    continue;
                }
                if (r.chain().equals("DOCKER") && r.target() instanceof Verdict v && v.kind() == Verdict.Kind.RETURN
                        && FieldTests.whole(ctx.lowered(r), IFACES).stream().anyMatch(i -> !i.negated())) {
                    return true;
                }
                if (r.chain().equals("OUTPUT") && r.target() instanceof Jump j && j.chain().equals("DOCKER")
                        && excludesLoopback(ctx.lowered(r))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final List<Field> IFACES = List.of(Field.IIFNAME, Field.OIFNAME, Field.IBRNAME, Field.OBRNAME);

    private static boolean excludesLoopback(LoweredRule r) {
        return FieldTests.whole(r, Field.IP_DADDR).stream().anyMatch(a -> a.negated()
                && a.nets().stream().anyMatch(PortProbes.LOOPBACK::equals));
    }

    /**
     * Who serves a connection the rules deliver to the host itself rather than DNAT: a proxy from
     * ss-listen.txt, or — without it — Docker's userland proxy when the rules have its shape.
     * Empty when nobody does (or, without ss-listen.txt, nobody is known to).
     */
    public static Optional<String> servedByProxy(CheckContext ctx, PortMapping m, Ip dst) {
        HostModel host = ctx.analysis().host();
        if (listenersKnown(ctx)) {
            return proxy(host, m.protocolName(), dst, m.hostPorts().lo())
                    .map(l -> l.process() + (l.pid() > 0 ? " (pid " + l.pid() + ")" : ""));
        }
        if (dockerUserlandProxy(ctx)) {
            return Optional.of("docker-proxy (assumed: the rules have the shape of Docker's userland proxy)");
        }
        return Optional.empty();
    }

    /** What a finding adds when it could not see listening sockets. */
    public static String proxyCaveat(CheckContext ctx) {
        return listenersKnown(ctx) ? "" : "; this assumes no user-space proxy listens (no ss-listen.txt)";
    }

    static boolean isEngineChain(String chain) {
        return chain.equals("DOCKER") || chain.startsWith("NETAVARK") || chain.startsWith("CNI-") || chain.startsWith("PODMAN");
    }
}
