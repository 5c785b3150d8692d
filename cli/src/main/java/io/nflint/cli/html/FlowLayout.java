package io.nflint.cli.html;

import io.nflint.pipeline.Hook;
import io.nflint.pipeline.HookPlan;
import io.nflint.pipeline.PacketPath;
import io.nflint.pipeline.Priorities;
import io.nflint.pipeline.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The diagram's nodes and edges, taken from the engines' own pipeline model ({@link HookPlan}): a
 * node per hook (IP stack and bridge) listing its stages in the order the kernel runs them, the
 * routing and bridging decisions, and an edge wherever some packet path goes from one node to the
 * next. Only the positions are chosen here; what runs where and in which order is the model's.
 */
final class FlowLayout {

    /** One stage row inside a node: a table's base chain or one of the kernel's own steps. */
    record Row(String id, String label, String priority) {
    }

    record Node(String id, String title, String kind, int x, int y, int w, List<Row> rows) {
        int h() {
            return kind.equals("hook") ? 24 + 15 * rows.size() : 34;
        }

        int cx() {
            return x + w / 2;
        }

        int cy() {
            return y + h() / 2;
        }
    }

    /** {@code brnf}: only br_netfilter makes packets go this way (bridge-nf-call-iptables on). */
    record Edge(String from, String to, boolean brnf) {
    }

    static final String INGRESS = "ingress";
    static final String EGRESS = "egress";
    static final String LOCAL = "local";
    static final String ROUTE = "route";
    static final String BRIDGE = "bridge";

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Set<Edge> edges = new LinkedHashSet<>();
    /** The hook node of each nft base chain ("inet filter input" to ip-INPUT). */
    private final Map<String, String> nftNodes = new LinkedHashMap<>();
    private final HookStages stages;
    /** Widens every node (and the picture) when a row's label would not fit a hook box. */
    private final double sx;
    final int width;
    final int height;

    FlowLayout() {
        this(HookStages.XTABLES);
    }

    FlowLayout(HookStages stages) {
        this.stages = stages;
        Map<String, List<Row>> rows = rows(stages, nftNodes);
        int longest = 0;
        for (List<Row> rs : rows.values()) {
            for (Row r : rs) {
                longest = Math.max(longest, r.label().length() + Math.max(4, r.priority().length()));
            }
        }
        // 11px text is about 6.3px a character; the hook boxes of the IP lane are 150 wide
        sx = Math.max(1.0, (24 + 6.3 * longest) / 150.0);
        width = (int) Math.round(1000 * sx);
        int bridgeY = 40;
        int bridgeH = maxHeight(rows, "br-");
        int ipY = bridgeY + bridgeH + 70;
        int ipH = Math.max(maxHeight(rows, "ip-PREROUTING"), maxHeight(rows, "ip-FORWARD"));
        int lowY = ipY + Math.max(ipH, maxHeight(rows, "ip-POSTROUTING")) + 60;
        add(INGRESS, "ingress", "end", 10, ipY + 10, 80, rows);
        add("br-BROUTING", "BROUTING", "hook", 110, bridgeY, 118, rows);
        add("br-PREROUTING", "PREROUTING", "hook", 238, bridgeY, 118, rows);
        add(BRIDGE, "bridge decision", "decision", 366, bridgeY, 96, rows);
        add("br-INPUT", "INPUT", "hook", 472, bridgeY, 100, rows);
        add("br-FORWARD", "FORWARD", "hook", 582, bridgeY, 100, rows);
        add("br-OUTPUT", "OUTPUT", "hook", 692, bridgeY, 100, rows);
        add("br-POSTROUTING", "POSTROUTING", "hook", 802, bridgeY, 118, rows);
        add("ip-PREROUTING", "PREROUTING", "hook", 110, ipY, 150, rows);
        add(ROUTE, "routing decision", "decision", 280, ipY + 10, 100, rows);
        add("ip-FORWARD", "FORWARD", "hook", 420, ipY, 150, rows);
        add("ip-POSTROUTING", "POSTROUTING", "hook", 700, ipY, 150, rows);
        add(EGRESS, "egress", "end", 900, ipY + 10, 90, rows);
        add("ip-INPUT", "INPUT", "hook", 250, lowY, 150, rows);
        add(LOCAL, "local process", "end", 440, lowY + 20, 110, rows);
        add("ip-OUTPUT", "OUTPUT", "hook", 590, lowY, 150, rows);
        int bottom = 0;
        for (Node n : nodes.values()) {
            bottom = Math.max(bottom, n.y() + n.h());
        }
        height = bottom + 20;
        Set<List<String>> plain = new LinkedHashSet<>();
        for (List<String> seq : allSequences(false)) {
            for (int i = 0; i + 1 < seq.size(); i++) {
                plain.add(List.of(seq.get(i), seq.get(i + 1)));
            }
        }
        plain.forEach(e -> edges.add(new Edge(e.get(0), e.get(1), false)));
        for (List<String> seq : allSequences(true)) {
            for (int i = 0; i + 1 < seq.size(); i++) {
                if (!plain.contains(List.of(seq.get(i), seq.get(i + 1)))) {
                    edges.add(new Edge(seq.get(i), seq.get(i + 1), true));
                }
            }
        }
    }

    private void add(String id, String title, String kind, int x, int y, int w, Map<String, List<Row>> rows) {
        nodes.put(id, new Node(id, title, kind, (int) Math.round(x * sx), y, (int) Math.round(w * sx),
                rows.getOrDefault(id, List.of())));
    }

    boolean hasNft() {
        return !nftNodes.isEmpty();
    }

    HookStages stages() {
        return stages;
    }

    /** The hook node ({@code ip-INPUT}) of an nft base chain, or null when the diagram has no such chain. */
    String nftNode(String family, String table, String chain) {
        return nftNodes.get(family + " " + table + " " + chain);
    }

    /** The row id of an nft base chain's stage at {@code node}. */
    static String nftRow(String node, String family, String table, String chain) {
        return node + "/nft:" + family + ":" + table + ":" + chain;
    }

    private static int maxHeight(Map<String, List<Row>> rows, String prefix) {
        int max = 0;
        for (Map.Entry<String, List<Row>> e : rows.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                max = Math.max(max, 24 + 15 * e.getValue().size());
            }
        }
        return max;
    }

    Iterable<Node> nodes() {
        return nodes.values();
    }

    Node node(String id) {
        return nodes.get(id);
    }

    Iterable<Edge> edges() {
        return edges;
    }

    /** The node of a base chain: {@code ip-FORWARD}, {@code br-POSTROUTING}. */
    static String hookNode(boolean bridge, Hook hook) {
        return (bridge ? "br-" : "ip-") + hook.name();
    }

    /** Every hook's stage rows, in the order the model's plans run them (each stage once). */
    static Map<String, List<Row>> rows() {
        return rows(HookStages.XTABLES, new LinkedHashMap<>());
    }

    /**
     * Every hook's stage rows for {@code stages}, IPv4 and IPv6 plans together: a row that only one
     * family has (an ip6 table's chain) goes between the rows it runs between. {@code nftNodes}
     * gets each nft base chain's node.
     */
    static Map<String, List<Row>> rows(HookStages stages, Map<String, String> nftNodes) {
        Map<String, List<Row>> out = new LinkedHashMap<>();
        for (List<Stage> base : plans()) {
            for (boolean v6 : new boolean[] {false, true}) {
                Map<String, List<Row>> planRows = new LinkedHashMap<>();
                String node = null;
                List<Stage> pending = new ArrayList<>();
                for (Stage s : stages.plan(base, v6)) {
                    String at = nodeOf(s, node);
                    if (at == null) {
                        pending.add(s);
                        continue;
                    }
                    if (at.equals(ROUTE) || at.equals(BRIDGE) || at.equals(LOCAL)) {
                        node = null;
                        continue;
                    }
                    for (Stage p : pending) {
                        addRow(planRows, at, p);
                    }
                    pending.clear();
                    if (stages.draws(s)) {
                        addRow(planRows, at, s);
                    }
                    if (s instanceof Stage.NftBase n) {
                        nftNodes.put(n.family() + " " + n.table() + " " + n.chain(), at);
                    }
                    node = at;
                }
                planRows.forEach((n, rs) -> merge(out.computeIfAbsent(n, k -> new ArrayList<>()), rs));
            }
        }
        return out;
    }

    /** Adds the rows of one plan to a node's list, each new one after the row it follows in that plan. */
    private static void merge(List<Row> into, List<Row> plan) {
        int after = -1;
        for (Row r : plan) {
            int at = indexOf(into, r.id());
            if (at >= 0) {
                after = at;
                continue;
            }
            int insert = after + 1;
            if (after < 0) {
                // nothing before it in this plan: just before the first of its successors the list has
                insert = into.size();
                for (int j = plan.indexOf(r) + 1; j < plan.size(); j++) {
                    int k = indexOf(into, plan.get(j).id());
                    if (k >= 0) {
                        insert = k;
                        break;
                    }
                }
            }
            into.add(insert, r);
            after = insert;
        }
    }

    private static int indexOf(List<Row> rows, String id) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static void addRow(Map<String, List<Row>> out, String node, Stage s) {
        List<Row> list = out.computeIfAbsent(node, k -> new ArrayList<>());
        Row r = row(node, s);
        if (indexOf(list, r.id()) < 0) {
            list.add(r);
        }
    }

    private static Row row(String node, Stage s) {
        if (s instanceof Stage.Chain c) {
            return new Row(node + "/" + c.table(), c.table(), String.valueOf(c.priority()));
        }
        if (s instanceof Stage.NftBase n) {
            return new Row(nftRow(node, n.family(), n.table(), n.chain()),
                    n.family() + " " + n.table() + " " + n.chain(), String.valueOf(n.priority()));
        }
        if (s instanceof Stage.ConntrackLookup) {
            return new Row(node + "/conntrack", "conntrack", String.valueOf(Priorities.CONNTRACK));
        }
        if (s instanceof Stage.ApplyRecordedNat) {
            return new Row(node + "/recorded-nat", "recorded NAT", "");
        }
        if (s instanceof Stage.ConntrackConfirm) {
            return new Row(node + "/confirm", "confirm", "last");
        }
        if (s instanceof Stage.Reroute) {
            return new Row(node + "/reroute", "reroute", "");
        }
        return new Row(node + "/" + s.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT), s.getClass().getSimpleName(), "");
    }

    /**
     * The node a stage belongs to; the kernel's own steps between tables join the hook they run in
     * ({@code current}, null at the start of a plan).
     */
    static String nodeOf(Stage s, String current) {
        if (s instanceof Stage.Chain c) {
            return hookNode(c.bridgeFamily(), c.hook());
        }
        if (s instanceof Stage.NftBase n) {
            return hookNode(false, n.hook());
        }
        if (s instanceof Stage.Route) {
            return ROUTE;
        }
        if (s instanceof Stage.BridgeDecision) {
            return BRIDGE;
        }
        return current;
    }

    private static List<List<Stage>> plans() {
        List<List<Stage>> out = new ArrayList<>();
        out.add(HookPlan.bridged(true));
        out.add(HookPlan.bridgedToHost(false));
        out.add(HookPlan.bridgeOutput());
        out.add(HookPlan.prerouting());
        out.add(HookPlan.input());
        out.add(HookPlan.forward());
        out.add(HookPlan.output());
        out.add(HookPlan.postrouting());
        return out;
    }

    /** The nodes a packet of {@code path} passes, in order, from where it enters to where it leaves. */
    static List<String> sequence(PacketPath path, boolean bridgeNfCallIptables) {
        List<String> out = new ArrayList<>();
        out.add(path == PacketPath.LOCAL_OUT ? LOCAL : INGRESS);
        String current = null;
        for (Stage s : HookPlan.path(path, bridgeNfCallIptables)) {
            String at = s instanceof Stage.Route && path == PacketPath.LOCAL_OUT && current == null ? null : nodeOf(s, current);
            if (at != null && !at.equals(out.get(out.size() - 1))) {
                out.add(at);
            }
            current = at == null ? current : at;
        }
        out.add(path == PacketPath.LOCAL_IN ? LOCAL : EGRESS);
        return out;
    }

    private static List<List<String>> allSequences(boolean bridgeNfCallIptables) {
        List<List<String>> out = new ArrayList<>();
        for (PacketPath p : PacketPath.values()) {
            out.add(sequence(p, bridgeNfCallIptables));
        }
        List<String> toHost = new ArrayList<>(List.of(INGRESS, "br-BROUTING", "br-PREROUTING", BRIDGE));
        for (Stage s : HookPlan.bridgedToHost(bridgeNfCallIptables)) {
            String at = nodeOf(s, null);
            if (at != null && !at.equals(toHost.get(toHost.size() - 1))) {
                toHost.add(at);
            }
        }
        out.add(toHost);
        List<String> fromHost = new ArrayList<>(List.of(LOCAL));
        for (Stage s : HookPlan.bridgeOutput()) {
            String at = nodeOf(s, null);
            if (at != null && !at.equals(fromHost.get(fromHost.size() - 1))) {
                fromHost.add(at);
            }
        }
        fromHost.add(EGRESS);
        out.add(fromHost);
        return out;
    }
}
