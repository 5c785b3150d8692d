package io.nflint.cli.html;

import static io.nflint.cli.html.HtmlText.esc;

import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The text beside the diagram for one path: the header as it came in, each TRACE step with its
 * hook, table and chain, the dump's line (quoted where the report has the file), NAT rewrites as
 * before → after, the deciding step, and the header as it ended. The {@code data-} attributes tell
 * the page's script which diagram nodes and rows to mark.
 */
final class PathPanel {

    private PathPanel() {
    }

    /** {@code lineText} gives the dump's text of a line, or null. */
    static String render(DrawnPath p, IntFunction<String> lineText) {
        StringBuilder sb = new StringBuilder();
        sb.append("<div class=\"pathinfo\" id=\"path-").append(esc(p.id())).append("\" data-slot=\"").append(p.slot())
                .append("\" data-nodes=\"").append(esc(String.join(" ", p.nodes())))
                .append("\" data-rows=\"").append(esc(String.join(" ", p.rows())))
                .append("\" data-decided=\"").append(esc(p.decidedRow().orElse(""))).append("\" hidden>\n");
        sb.append("<h3>").append(esc(p.title())).append("</h3>\n");
        sb.append("<p class=\"pkt\"><span class=\"lbl\">in</span> <code>").append(esc(p.before())).append("</code></p>\n");
        sb.append("<ol class=\"steps\">\n");
        // the header without where it came from (", in eth0"): what NAT rewrites
        String header = p.before().contains(", ") ? p.before().substring(0, p.before().indexOf(", ")) : p.before();
        for (int i = 0; i < p.steps().size(); i++) {
            PathStep s = p.steps().get(i);
            if (s == null) {
                sb.append("<li class=\"step\"><code>").append(esc(p.lines().get(i))).append("</code></li>\n");
                continue;
            }
            boolean decided = i == p.decided();
            sb.append("<li class=\"step").append(decided ? " decided" : "").append(s.nat() ? " nat" : "")
                    .append("\" data-row=\"").append(esc(Optional.ofNullable(p.stepRows().get(i)).orElse(""))).append("\">");
            String node = p.stepRows().get(i) == null ? "" : p.stepRows().get(i);
            String hook = node.isEmpty() ? "" : node.substring(node.indexOf('-') + 1, node.indexOf('/'));
            sb.append("<span class=\"hook\">").append(esc((s.bridge() ? "bridge " : "") + hook)).append("</span> ");
            if (s.nft()) {
                nftStep(sb, s);
            } else {
                sb.append("<span class=\"where\">").append(esc(s.table() + ":" + s.chain())).append("</span> ");
                sb.append("<span class=\"kind\">").append(esc(s.kind() + " " + s.number())).append("</span> ");
                if (s.line() > 0) {
                    sb.append("<span class=\"line\">line ").append(s.line()).append("</span> ");
                }
                if (!s.target().isEmpty()) {
                    sb.append("<code class=\"target\">").append(esc(s.target())).append("</code>");
                }
            }
            String text = s.line() > 0 && !s.nft() ? lineText.apply(s.line()) : null;
            if (text != null) {
                sb.append("<pre class=\"src\">").append(esc(text)).append("</pre>");
            } else if (!s.ruleText().isEmpty()) {
                sb.append("<pre class=\"src\">").append(esc(s.ruleText())).append("</pre>");
            }
            if (s.nat()) {
                String after = rewritten(p, s, header);
                sb.append("<div class=\"rewrite\"><span class=\"lbl\">NAT</span> <code>").append(esc(header))
                        .append("</code> \u2192 <code>").append(esc(after)).append("</code></div>");
                header = after;
            }
            if (decided) {
                sb.append("<div class=\"decision\">").append(p.dropped() ? "dropped here" : p.accepted() ? "the last verdict on its way" : "decided here")
                        .append(s.line() > 0 ? " (line " + s.line() + ")" : "").append("</div>");
            }
            sb.append("</li>\n");
        }
        sb.append("</ol>\n");
        if (p.steps().isEmpty()) {
            sb.append("<p class=\"muted\">no rule or policy of the dump was passed</p>\n");
        }
        sb.append("<p class=\"verdict v-").append(esc(p.verdict().isEmpty() ? "unknown" : p.verdict())).append("\">")
                .append(esc(p.verdict().isEmpty() ? "outcome unknown" : p.verdict()));
        if (!p.after().isEmpty()) {
            sb.append(" as <code>").append(esc(p.after())).append("</code>");
        }
        sb.append("</p>\n");
        if (!p.notes().isEmpty()) {
            sb.append("<ul class=\"notes\">");
            for (String n : p.notes()) {
                sb.append("<li>").append(esc(n)).append("</li>");
            }
            sb.append("</ul>\n");
        }
        sb.append("</div>\n");
        return sb.toString();
    }

    /** An nft step: its table's family, table and chain, what happened there, and the file and line. */
    private static void nftStep(StringBuilder sb, PathStep s) {
        sb.append("<span class=\"where\">").append(esc(s.family() + " " + s.table() + " " + s.chain())).append("</span> ");
        sb.append("<span class=\"kind\">").append(esc(s.kind())).append("</span> ");
        if (s.line() > 0) {
            sb.append("<span class=\"line\">").append(esc(s.file().isEmpty() ? "line " + s.line() : s.file() + ":" + s.line()))
                    .append("</span> ");
        }
        String v = s.kind().equals("return") ? "continue" : s.target();
        if (!v.isEmpty()) {
            sb.append("<code class=\"target\">").append(esc((s.kind().equals("policy") ? "policy " : "verdict ") + v))
                    .append("</code>");
        }
    }

    /**
     * The header after a NAT step: the walker's note for it ({@code … maps A to B}) when there is
     * one, else the side this step rewrites taken from the header the packet ended with.
     */
    private static String rewritten(DrawnPath p, PathStep s, String header) {
        for (String n : p.notes()) {
            int maps = n.indexOf(" maps ");
            int to = n.lastIndexOf(" to ");
            boolean mine = s.nft()
                    ? n.startsWith(s.family() + " " + s.table() + " " + s.chain() + " rule ") && n.contains("(line " + s.line() + ")")
                    : n.contains(s.chain()) && n.contains(s.target().replace("-j ", ""));
            if (maps >= 0 && to > maps && mine) {
                String after = n.substring(to + 4);
                // "(MASQUERADE uses eth0's address …)" explains, it is not the header
                return after.contains(" (") ? after.substring(0, after.indexOf(" (")) : after;
            }
        }
        if (p.after().isEmpty()) {
            return s.target();
        }
        // a later rewrite of the other address must not show here: take only this step's side from the end
        String[] now = addresses(header);
        String[] end = addresses(p.after());
        if (now == null || end == null) {
            return p.after();
        }
        return s.destinationNat() ? now[0] + now[1] + " -> " + end[2] : now[0] + end[1] + " -> " + now[2];
    }

    /** {@code tcp 1.2.3.4:5 -> 6.7.8.9:10}: {"tcp ", "1.2.3.4:5", "6.7.8.9:10"}, or null. */
    private static String[] addresses(String header) {
        int arrow = header.indexOf(" -> ");
        int space = header.lastIndexOf(' ', arrow - 1);
        if (arrow < 0 || space < 0) {
            return null;
        }
        return new String[] {header.substring(0, space + 1), header.substring(space + 1, arrow), header.substring(arrow + 4)};
    }
}
