package io.nflint.cli.html;

import static io.nflint.cli.html.HtmlText.esc;

import io.nflint.walk.Choice;
import io.nflint.walk.Outcome;
import io.nflint.walk.TraceStep;
import io.nflint.walk.WalkResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code trace --format html}: every outcome of the walk drawn on the diagram; with {@code --reply}
 * the packet that opened the connection on the left and its reply on the right.
 */
public final class TraceHtml {

    private TraceHtml() {
    }

    /**
     * @param walk      the walk the options asked for
     * @param original  with {@code --reply}, the walk of the packet that opened the connection; else null
     * @param request   the walk as one line ({@code tcp … -> …, arriving on eth0})
     */
    public static void write(PrintWriter out, String input, String request, WalkResult walk, WalkResult original,
                             List<String> assumed) {
        write(out, input, request, walk, original, assumed, HookStages.XTABLES);
    }

    /** As above, the diagram drawing the hooks as {@code stages} has them (the walker's, with nft base chains). */
    public static void write(PrintWriter out, String input, String request, WalkResult walk, WalkResult original,
                             List<String> assumed, HookStages stages) {
        FlowLayout layout = new FlowLayout(stages);
        List<DrawnPath> paths = new ArrayList<>();
        StringBuilder main = new StringBuilder();
        main.append("<section class=\"trace\"><h2>walk</h2><p><code>").append(esc(request)).append("</code></p>\n");
        if (!assumed.isEmpty()) {
            main.append("<ul class=\"notes\">");
            for (String a : assumed) {
                main.append("<li>assumed: ").append(esc(a.startsWith("assumed ") ? a.substring(8) : a)).append("</li>");
            }
            main.append("</ul>\n");
        }
        if (original != null) {
            outcomes(original, 0, "the packet that opens the connection", paths, main, layout);
        }
        outcomes(walk, original == null ? 0 : 1, original == null ? "outcomes" : "its reply (--reply)", paths, main, layout);
        main.append("</section>\n");
        List<String> slots = original == null ? List.of("path") : List.of("packet", "reply");
        HtmlPage.write(out, "trace", "nflint trace", input, main.toString(), slots, paths, p -> n -> null, layout);
    }

    private static void outcomes(WalkResult r, int slot, String heading, List<DrawnPath> paths, StringBuilder main,
                                 FlowLayout layout) {
        main.append("<h3>").append(esc(heading)).append("</h3>\n");
        int n = 0;
        for (Outcome o : r.outcomes()) {
            n++;
            List<String> lines = new ArrayList<>();
            for (TraceStep s : o.steps()) {
                lines.add(s.render());
            }
            List<String> notes = new ArrayList<>();
            for (Choice c : o.choices()) {
                notes.add("if " + c);
            }
            notes.addAll(o.notes());
            String title = (r.outcomes().size() > 1 ? "outcome " + n + " of " + r.outcomes().size() + ": " : "")
                    + r.request().describe();
            DrawnPath p = DrawnPath.of("p" + (paths.size() + 1), slot, title, r.request().describe(), lines, o.summary(),
                    r.request().local() ? DrawnPath.Origin.LOCAL : DrawnPath.Origin.ARRIVING, notes, layout);
            paths.add(p);
            main.append("<div class=\"outcome\" tabindex=\"0\" data-paths=\"").append(p.id()).append("\">")
                    .append(r.outcomes().size() > 1 ? "<span class=\"muted\">outcome " + n + "</span> " : "")
                    .append("<span class=\"verdict v-").append(esc(p.verdict())).append("\">").append(esc(o.summary()))
                    .append("</span> <span class=\"muted\">(").append(o.steps().size()).append(" steps)</span></div>\n");
        }
        if (r.truncated()) {
            main.append("<p class=\"muted\">more outcomes not followed: the walk forked into more than ")
                    .append(r.outcomes().size()).append("</p>\n");
        }
    }
}
