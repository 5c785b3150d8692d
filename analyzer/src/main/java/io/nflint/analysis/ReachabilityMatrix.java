package io.nflint.analysis;

import io.nflint.container.PortMapping;
import io.nflint.host.Route;
import io.nflint.ir.Family;
import io.nflint.ir.Ip;
import io.nflint.walk.Outcome;
import io.nflint.walk.Packet;
import io.nflint.walk.TraceStep;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.WalkResult;
import io.nflint.walk.Walker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who reaches whom on which ports: the containers, the host itself and an outside address, each
 * pair probed with representative packets (published ports, the ports mappings send to a container,
 * a few common ones) through the walker, so NAT, conntrack and the host's sysctls are applied. One
 * {@link Cell} per probe; a cell is reachable when some outcome of the walk gets to the target.
 */
public final class ReachabilityMatrix {

    /** An outside host (TEST-NET-1), reached by the default route. */
    public static final Ip OUTSIDE = Ip.parse("192.0.2.10").orElseThrow();
    static final int CLIENT_PORT = 40000;

    /** {@code kind}: container, host or outside; {@code iface}: where its packets enter the host (null: locally). */
    public record Endpoint(String name, String kind, Ip address, String network, String iface) {
    }

    /**
     * @param reachable   some outcome delivered the packet to the target
     * @param deliveredTo where it was delivered, as {@code ip:port} after NAT ("" when blocked)
     * @param sourceSeen  the source the target sees, after NAT ("" when blocked)
     * @param decidedBy   the last TRACE step of the (first blocking or delivering) outcome
     * @param may         the walk forked and outcomes disagree
     */
    public record Cell(String from, String to, String proto, int port, boolean reachable, String deliveredTo,
                       String sourceSeen, String decidedBy, boolean may) {
    }

    public record Result(List<Endpoint> endpoints, List<Cell> cells, List<String> assumptions) {
    }

    private ReachabilityMatrix() {
    }

    public static Result compute(HostAnalysis a, Predicate<String> from, Predicate<String> to) {
        Optional<Route> up = a.host().routeLookup(OUTSIDE).filter(r -> r.device() != null);
        List<Endpoint> endpoints = endpoints(a, up);
        Walker w = a.walker();
        // what to try toward an endpoint does not depend on who sends: computed once per target
        Map<Endpoint, List<Probe>> probes = probes(a, endpoints);
        Texts texts = new Texts();
        List<Cell> cells = new ArrayList<>();
        for (Endpoint f : endpoints) {
            if (!from.test(f.name())) {
                continue;
            }
            for (Endpoint t : endpoints) {
                if (f == t || !to.test(t.name()) || f.kind().equals("outside") && t.kind().equals("outside")) {
                    continue;
                }
                for (Probe probe : probes.get(t)) {
                    cells.add(cell(a, w, texts, f, t, probe.proto(), probe.port()));
                }
            }
        }
        List<String> assumptions = new ArrayList<>();
        a.host().assumptions().forEach(x -> assumptions.add(x.text()));
        return new Result(endpoints, cells, assumptions);
    }

    private static List<Endpoint> endpoints(HostAnalysis a, Optional<Route> up) {
        List<Endpoint> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (ContainerEndpointView c : a.containers()) {
            if (!c.running() || c.address().v6() || c.address().equals(c.network().gateway())) {
                continue;
            }
            String name = names.add(c.name()) ? c.name() : c.name() + "@" + c.network().name();
            out.add(new Endpoint(name, "container", c.address(), c.network().name(), c.network().bridge()));
        }
        Ip hostAddr = up.flatMap(r -> a.host().iface(r.device())).flatMap(i -> i.addresses().stream()
                .filter(x -> !x.v6()).map(x -> x.address()).findFirst()).orElse(null);
        if (hostAddr != null) {
            out.add(new Endpoint("host", "host", hostAddr, "", null));
            out.add(new Endpoint("outside", "outside", OUTSIDE, "", up.get().device()));
        }
        return out;
    }

    private record Probe(String proto, int port) {
    }

    /**
     * Per endpoint, the (proto, port) pairs to try toward it: the ports mappings send to a container
     * or publish on the host (in the nat rules' order), then a few common ones. The mappings are
     * grouped by target once, so this costs the mappings plus the endpoints, not their product.
     */
    private static Map<Endpoint, List<Probe>> probes(HostAnalysis a, List<Endpoint> endpoints) {
        Map<Ip, List<String>> toContainer = new HashMap<>();
        Set<String> toHost = new LinkedHashSet<>();
        for (PortMapping m : a.portMappings(Family.IPV4)) {
            if (m.targetPorts() != null) {
                toContainer.computeIfAbsent(m.target(), k -> new ArrayList<>()).add(m.protocolName() + "/" + m.targetPorts().lo());
            }
            if (m.hostAddress() == null) {
                toHost.add(m.protocolName() + "/" + m.hostPorts().lo());
            }
        }
        Map<Endpoint, List<Probe>> out = new IdentityHashMap<>();
        for (Endpoint t : endpoints) {
            Set<String> specs = new LinkedHashSet<>();
            if (t.kind().equals("container")) {
                specs.addAll(toContainer.getOrDefault(t.address(), List.of()));
            } else if (t.kind().equals("host")) {
                specs.addAll(toHost);
            }
            if (t.kind().equals("outside")) {
                specs.add("tcp/443");
                specs.add("udp/53");
            } else {
                specs.add("tcp/22");
                specs.add("tcp/80");
                specs.add("tcp/443");
            }
            List<Probe> list = new ArrayList<>();
            for (String spec : specs) {
                String[] parts = spec.split("/");
                list.add(new Probe(parts[0], Integer.parseInt(parts[1])));
            }
            out.put(t, List.copyOf(list));
        }
        return out;
    }

    /**
     * The cells' texts, shared between cells: a matrix has millions of cells but few distinct
     * deciding steps, sources and destinations, so each is built (and held) once.
     */
    private static final class Texts {
        private final Map<TraceStep, String> steps = new HashMap<>();
        private final Map<Ip, String> addresses = new HashMap<>();
        private final Map<Ip, Map<Integer, String>> sockets = new HashMap<>();

        String step(TraceStep s) {
            return steps.computeIfAbsent(s, k -> {
                String r = k.render();
                return r.startsWith("TRACE: ") ? r.substring("TRACE: ".length()) : r;
            });
        }

        String address(Ip ip) {
            return ip == null ? "null" : addresses.computeIfAbsent(ip, String::valueOf);
        }

        String socket(Ip ip, int port) {
            return sockets.computeIfAbsent(ip, k -> new HashMap<>())
                    .computeIfAbsent(port, k -> ip + (port >= 0 ? ":" + port : ""));
        }
    }

    /** The packet a cell's probe sends from {@code f} to {@code t}. */
    public static WalkRequest request(Endpoint f, Endpoint t, String proto, int port) {
        Packet p = Packet.of(proto, f.kind().equals("host") ? null : f.address(), CLIENT_PORT, t.address(), port);
        return f.iface() == null ? WalkRequest.local(p) : WalkRequest.arriving(f.iface(), p);
    }

    /** The outcome a cell reports for a walk toward {@code t}: the first that arrives, else the first. */
    public static Outcome shown(HostAnalysis a, Endpoint t, WalkResult r) {
        return r.outcomes().stream().filter(o -> arrives(a, o, t)).findFirst().orElse(r.outcomes().get(0));
    }

    private static Cell cell(HostAnalysis a, Walker w, Texts texts, Endpoint f, Endpoint t, String proto, int port) {
        WalkResult r = w.walk(request(f, t, proto, port));
        Outcome shown = shown(a, t, r);
        Outcome hit = arrives(a, shown, t) ? shown : null;
        int hits = (int) r.outcomes().stream().filter(o -> arrives(a, o, t)).count();
        String decided = shown.steps().isEmpty() ? (shown.notes().isEmpty() ? "" : shown.notes().get(0))
                : texts.step(shown.steps().get(shown.steps().size() - 1));
        boolean may = hits > 0 && hits < r.outcomes().size();
        if (hit == null) {
            return new Cell(f.name(), t.name(), proto, port, false, "", "", decided, false);
        }
        Packet d = hit.packet();
        return new Cell(f.name(), t.name(), proto, port, true, texts.socket(d.dst(), d.dport()),
                texts.address(d.src()), decided, may);
    }

    /** Delivered to the target: its bridge (container), a local socket or a container DNAT'd to (host), the uplink (outside). */
    private static boolean arrives(HostAnalysis a, Outcome o, Endpoint t) {
        if (!o.delivered()) {
            return false;
        }
        switch (t.kind()) {
            case "container":
                return t.iface().equals(o.deliveredTo()) && t.address().equals(o.packet().dst());
            case "host":
                return o.deliveredLocally() || a.containerAt(o.packet().dst()).isPresent();
            default:
                return t.iface().equals(o.outIface());
        }
    }
}
