package io.nflint.cli.html;

import io.nflint.pipeline.Hook;
import io.nflint.pipeline.PacketPath;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One packet's way through the diagram: the TRACE steps the engine reported, each placed at the
 * hook node and table row it ran in, and the nodes the packet passed from where it entered to where
 * it was delivered or dropped (the model's sequence for its path, cut where the packet ended).
 *
 * @param id       unique in the page ({@code p1}, {@code p2} …)
 * @param slot     which diagram draws it (0; 1 for a reply or a diff's new side)
 * @param before   the header as it entered
 * @param after    the header as it left or was dropped ("" when unknown)
 * @param verdict  accept, drop, reject, … as the engine said it; "" when unknown
 * @param stepRows the table row of each step (null for a step the report could not read)
 * @param nodes    the nodes passed, in order
 * @param decided  the index of the step that decided, or -1
 */
record DrawnPath(String id, int slot, String title, String before, String after, String verdict, boolean local,
                 List<String> lines, List<PathStep> steps, List<String> stepRows, List<String> nodes, int decided,
                 List<String> notes) {

    enum Origin { ARRIVING, LOCAL, UNKNOWN }

    boolean dropped() {
        return verdict.startsWith("drop") || verdict.startsWith("reject");
    }

    boolean accepted() {
        return verdict.startsWith("accept");
    }

    /** The rows any step ran in, each once, in order. */
    List<String> rows() {
        Set<String> out = new LinkedHashSet<>();
        for (String r : stepRows) {
            if (r != null) {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }

    Optional<String> decidedRow() {
        return decided < 0 ? Optional.empty() : Optional.ofNullable(stepRows.get(decided));
    }

    /**
     * Builds a path from TRACE lines. {@code outcome} is the engine's one-line result
     * ({@code drop as tcp …}, {@code accept: delivered locally as …}); the verdict and the header
     * after NAT are read from it.
     */
    static DrawnPath of(String id, int slot, String title, String before, List<String> traceLines, String outcome,
                        Origin origin, List<String> notes) {
        return of(id, slot, title, before, traceLines, outcome, origin, notes, null);
    }

    /**
     * As above on {@code layout}'s diagram, whose nft base chains place the nft steps (a step in a
     * chain jumped to is drawn in the base chain it was reached from); null for xtables alone.
     */
    static DrawnPath of(String id, int slot, String title, String before, List<String> traceLines, String outcome,
                        Origin origin, List<String> notes, FlowLayout layout) {
        String verdict = verdictOf(outcome);
        String after = afterOf(outcome);
        boolean deliveredLocally = outcome != null && outcome.contains("delivered locally");
        List<PathStep> steps = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        String ipNode = null;
        String brNode = null;
        String nftRow = null;
        String nftTable = null;
        for (String line : traceLines) {
            Optional<PathStep> p = PathStep.parse(line);
            steps.add(p.orElse(null));
            if (p.isEmpty()) {
                rows.add(null);
                continue;
            }
            PathStep s = p.get();
            if (s.nft()) {
                String base = layout == null ? null : layout.nftNode(s.family(), s.table(), s.chain());
                if (base != null) {
                    ipNode = base;
                    nftRow = FlowLayout.nftRow(base, s.family(), s.table(), s.chain());
                    nftTable = s.family() + " " + s.table();
                } else if (!(s.family() + " " + s.table()).equals(nftTable)) {
                    nftRow = null;
                }
                rows.add(nftRow);
                continue;
            }
            Optional<Hook> hook = hook(s.chain());
            String node;
            if (s.bridge()) {
                brNode = hook.map(h -> FlowLayout.hookNode(true, h)).orElse(brNode);
                node = brNode;
            } else {
                ipNode = hook.map(h -> FlowLayout.hookNode(false, h)).orElse(ipNode);
                node = ipNode;
            }
            rows.add(node == null ? null : node + "/" + s.table());
        }
        int decided = -1;
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i) != null) {
                decided = steps.get(i).verdict() ? i : -1;
                break;
            }
        }
        boolean local = origin == Origin.LOCAL;
        List<String> nodes = nodes(rows, verdict, local, deliveredLocally);
        return new DrawnPath(id, slot, title, before, after, verdict, local, List.copyOf(traceLines),
                java.util.Collections.unmodifiableList(steps), java.util.Collections.unmodifiableList(rows), nodes,
                decided, List.copyOf(notes));
    }

    private static Optional<Hook> hook(String chain) {
        for (Hook h : Hook.values()) {
            if (h.name().equals(chain)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    static String verdictOf(String outcome) {
        if (outcome == null || outcome.isBlank()) {
            return "";
        }
        String o = outcome.strip().toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < o.length() && Character.isLetter(o.charAt(end))) {
            end++;
        }
        return o.substring(0, end);
    }

    /** {@code … as tcp 1.2.3.4:5 -> 6.7.8.9:10 (routed: …)}: the header after " as ", without the remark. */
    static String afterOf(String outcome) {
        if (outcome == null) {
            return "";
        }
        int as = outcome.indexOf(" as ");
        if (as < 0) {
            return "";
        }
        String rest = outcome.substring(as + 4);
        int paren = rest.indexOf(" (");
        return paren < 0 ? rest.strip() : rest.substring(0, paren).strip();
    }

    /**
     * The nodes passed: the model's sequence for the path the steps show, up to the last node a step
     * ran in when the packet did not get through. Steps in an order no path of the model has are
     * drawn as they came.
     */
    private static List<String> nodes(List<String> rows, String verdict, boolean local, boolean deliveredLocally) {
        List<String> stepped = new ArrayList<>();
        for (String r : rows) {
            if (r != null) {
                String n = r.substring(0, r.indexOf('/'));
                if (stepped.isEmpty() || !stepped.get(stepped.size() - 1).equals(n)) {
                    stepped.add(n);
                }
            }
        }
        boolean bridged = stepped.stream().anyMatch(n -> n.startsWith("br-"));
        boolean ip = stepped.stream().anyMatch(n -> n.startsWith("ip-"));
        List<String> seq;
        if (bridged && stepped.contains("br-INPUT")) {
            seq = new ArrayList<>(List.of(FlowLayout.INGRESS, "br-BROUTING", "br-PREROUTING", FlowLayout.BRIDGE,
                    "br-INPUT", FlowLayout.ROUTE, "ip-INPUT", FlowLayout.LOCAL));
        } else if (bridged && stepped.contains("br-OUTPUT")) {
            seq = new ArrayList<>(List.of(FlowLayout.LOCAL, "br-OUTPUT", "br-POSTROUTING", FlowLayout.EGRESS));
        } else if (bridged) {
            seq = FlowLayout.sequence(PacketPath.BRIDGED, ip);
        } else if ((local || !stepped.isEmpty() && stepped.get(0).equals("ip-OUTPUT")) && stepped.contains("ip-INPUT")) {
            // the host's packet to its own address leaves through lo and comes back in on it
            seq = new ArrayList<>(FlowLayout.sequence(PacketPath.LOCAL_OUT, false));
            seq.addAll(FlowLayout.sequence(PacketPath.LOCAL_IN, false));
        } else if (local || !stepped.isEmpty() && stepped.get(0).equals("ip-OUTPUT")) {
            seq = FlowLayout.sequence(PacketPath.LOCAL_OUT, false);
        } else if (stepped.contains("ip-INPUT") || deliveredLocally) {
            seq = FlowLayout.sequence(PacketPath.LOCAL_IN, false);
        } else {
            seq = FlowLayout.sequence(PacketPath.ROUTED, false);
        }
        int at = 0;
        int last = -1;
        for (String n : stepped) {
            int i = seq.subList(at, seq.size()).indexOf(n);
            if (i < 0) {
                List<String> asCame = new ArrayList<>();
                asCame.add(local ? FlowLayout.LOCAL : FlowLayout.INGRESS);
                asCame.addAll(stepped);
                return List.copyOf(asCame);
            }
            at += i;
            last = at;
        }
        if (verdict.startsWith("accept")) {
            return List.copyOf(seq);
        }
        if (last < 0) {
            // ended before any rule: at the routing decision, or where it entered when that is unknown
            int route = seq.indexOf(FlowLayout.ROUTE);
            return List.copyOf(seq.subList(0, verdict.isEmpty() || route < 0 ? 1 : route + 1));
        }
        return List.copyOf(seq.subList(0, last + 1));
    }
}
