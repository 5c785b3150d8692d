package io.nflint.cli.html;

import static io.nflint.cli.html.HtmlText.esc;

import java.util.List;

/**
 * The hook diagram as inline SVG: {@link FlowLayout}'s nodes with their table rows, the edges
 * between them, and one hidden route per packet path that the page's script shows on selection.
 * Everything is drawn here, in the file; the page needs nothing from outside.
 */
final class FlowDiagram {

    private final FlowLayout layout;

    FlowDiagram(FlowLayout layout) {
        this.layout = layout;
    }

    /** The diagram {@code slot} ({@code diagram-0}, …) with the routes of the paths drawn on it. */
    String svg(int slot, String label, List<DrawnPath> paths) {
        StringBuilder sb = new StringBuilder();
        sb.append("<svg class=\"flow\" id=\"diagram-").append(slot).append("\" viewBox=\"0 0 ").append(layout.width)
                .append(' ').append(layout.height).append("\" role=\"img\" aria-label=\"").append(esc(label))
                .append("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        sb.append("<defs><marker id=\"arrow-").append(slot).append("\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\""
                + " markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" class=\"arrowhead\"/></marker></defs>\n");
        sb.append("<text class=\"lane\" x=\"110\" y=\"24\">").append(layout.stages().xtables()
                ? "bridge: ebtables (and iptables through br_netfilter)"
                : "bridge: no tables read (nft bridge-family chains are not modelled yet)").append("</text>\n");
        FlowLayout.Node pre = layout.node("ip-PREROUTING");
        sb.append("<text class=\"lane\" x=\"110\" y=\"").append(pre.y() - 10).append("\">IP stack: ")
                .append(layout.stages().xtables() ? "iptables / ip6tables" : "nftables")
                .append(layout.hasNft() && layout.stages().xtables() ? " and nftables base chains" : "")
                .append(layout.hasNft() ? ", in the order they run" : "").append("</text>\n");
        for (FlowLayout.Edge e : layout.edges()) {
            edge(sb, slot, layout.node(e.from()), layout.node(e.to()), e.brnf());
        }
        for (FlowLayout.Node n : layout.nodes()) {
            node(sb, n);
        }
        for (DrawnPath p : paths) {
            if (p.slot() == slot) {
                route(sb, p);
            }
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void edge(StringBuilder sb, int slot, FlowLayout.Node a, FlowLayout.Node b, boolean brnf) {
        double[] from = border(a, b.cx(), b.cy());
        double[] to = border(b, a.cx(), a.cy());
        sb.append("<line class=\"edge").append(brnf ? " brnf" : "").append("\" data-from=\"").append(a.id())
                .append("\" data-to=\"").append(b.id()).append("\" x1=\"").append(fmt(from[0])).append("\" y1=\"").append(fmt(from[1]))
                .append("\" x2=\"").append(fmt(to[0])).append("\" y2=\"").append(fmt(to[1]))
                .append("\" marker-end=\"url(#arrow-").append(slot).append(")\"/>\n");
    }

    /** Where the line from the node's centre toward (x, y) leaves its box. */
    private static double[] border(FlowLayout.Node n, int x, int y) {
        double dx = x - n.cx();
        double dy = y - n.cy();
        double tx = dx == 0 ? Double.MAX_VALUE : (n.w() / 2.0 + 3) / Math.abs(dx);
        double ty = dy == 0 ? Double.MAX_VALUE : (n.h() / 2.0 + 3) / Math.abs(dy);
        double t = Math.min(1, Math.min(tx, ty));
        return new double[] {n.cx() + dx * t, n.cy() + dy * t};
    }

    private static String fmt(double d) {
        return String.valueOf(Math.round(d * 10) / 10.0);
    }

    private static void node(StringBuilder sb, FlowLayout.Node n) {
        sb.append("<g class=\"node ").append(n.kind()).append("\" data-g=\"").append(esc(n.id())).append("\">");
        if (n.kind().equals("decision")) {
            int cx = n.cx();
            int cy = n.cy();
            sb.append("<polygon points=\"").append(n.x()).append(',').append(cy).append(' ').append(cx).append(',')
                    .append(n.y() - 6).append(' ').append(n.x() + n.w()).append(',').append(cy).append(' ').append(cx)
                    .append(',').append(n.y() + n.h() + 6).append("\"/>");
            sb.append("<text class=\"small\" x=\"").append(cx).append("\" y=\"").append(cy + 4)
                    .append("\" text-anchor=\"middle\">").append(esc(n.title())).append("</text></g>\n");
            return;
        }
        sb.append("<rect x=\"").append(n.x()).append("\" y=\"").append(n.y()).append("\" width=\"").append(n.w())
                .append("\" height=\"").append(n.h()).append("\" rx=\"6\"/>");
        if (!n.kind().equals("hook")) {
            sb.append("<text x=\"").append(n.cx()).append("\" y=\"").append(n.cy() + 4)
                    .append("\" text-anchor=\"middle\">").append(esc(n.title())).append("</text></g>\n");
            return;
        }
        sb.append("<text class=\"title\" x=\"").append(n.x() + 8).append("\" y=\"").append(n.y() + 16).append("\">")
                .append(esc(n.title())).append("</text>");
        int y = n.y() + 22;
        for (FlowLayout.Row r : n.rows()) {
            sb.append("<g class=\"row\" data-s=\"").append(esc(r.id())).append("\"><rect x=\"").append(n.x() + 3)
                    .append("\" y=\"").append(y).append("\" width=\"").append(n.w() - 6).append("\" height=\"14\" rx=\"2\"/>")
                    .append("<text x=\"").append(n.x() + 8).append("\" y=\"").append(y + 11).append("\">").append(esc(r.label()))
                    .append("</text><text class=\"prio\" x=\"").append(n.x() + n.w() - 8).append("\" y=\"").append(y + 11)
                    .append("\" text-anchor=\"end\">").append(esc(r.priority())).append("</text></g>");
            y += 15;
        }
        sb.append("</g>\n");
    }

    /** The path as a line through the centres of its nodes, and a mark where it ended. */
    private void route(StringBuilder sb, DrawnPath p) {
        sb.append("<g class=\"route").append(p.dropped() ? " dropped" : p.accepted() ? " accepted" : "")
                .append("\" data-path=\"").append(esc(p.id())).append("\"><polyline points=\"");
        FlowLayout.Node last = null;
        for (String id : p.nodes()) {
            FlowLayout.Node n = layout.node(id);
            if (n == null) {
                continue;
            }
            sb.append(n.cx()).append(',').append(n.y() + Math.min(n.h() - 4, 10)).append(' ');
            last = n;
        }
        sb.append("\"/>");
        if (last != null) {
            int x = last.cx();
            int y = last.y() + Math.min(last.h() - 4, 10);
            sb.append("<circle class=\"end\" cx=\"").append(x).append("\" cy=\"").append(y).append("\" r=\"9\"/>");
            sb.append("<text class=\"endmark\" x=\"").append(x).append("\" y=\"").append(y + 4)
                    .append("\" text-anchor=\"middle\">").append(p.dropped() ? "\u2715" : p.accepted() ? "\u2713" : "?")
                    .append("</text>");
        }
        sb.append("</g>\n");
    }
}
