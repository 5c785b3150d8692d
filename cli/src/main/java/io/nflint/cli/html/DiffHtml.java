package io.nflint.cli.html;

import static io.nflint.cli.html.HtmlText.esc;

import io.nflint.symbolic.SemanticDiff;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code diff --format html}: each witness whose fate changed, its old path on the left diagram and
 * its new path on the right. The paths are the concrete walker's replays (with dump lines); where a
 * witness was not replayed, the solver's trace is drawn instead and the page says so.
 */
public final class DiffHtml {

    private DiffHtml() {
    }

    public static void write(PrintWriter out, String oldName, String newName, List<SemanticDiff.Difference> all,
                             List<String> notes, List<String> undecided, List<String> families) {
        List<DrawnPath> paths = new ArrayList<>();
        StringBuilder main = new StringBuilder();
        main.append("<section class=\"diff\"><h2>");
        if (all.isEmpty()) {
            main.append(undecided.isEmpty() ? "equivalent" : "not shown equivalent").append("</h2>\n");
            main.append("<p class=\"empty\">").append(undecided.isEmpty()
                    ? "no packet is treated differently (" + esc(String.join(", ", families)) + ")"
                    : "no difference found, but the search did not finish").append("</p>\n");
        } else {
            main.append(all.size()).append(all.size() == 1 ? " difference" : " differences").append("</h2>\n");
        }
        for (String n : notes) {
            main.append("<p class=\"muted\">note: ").append(esc(n)).append("</p>\n");
        }
        for (String u : undecided) {
            main.append("<p class=\"muted\">undecided: ").append(esc(u)).append("; not shown equivalent</p>\n");
        }
        for (SemanticDiff.Difference d : all) {
            DrawnPath.Origin origin = d.entry().equals("local-out") ? DrawnPath.Origin.LOCAL : DrawnPath.Origin.ARRIVING;
            String before = d.witness().describe();
            DrawnPath o = side("p" + (paths.size() + 1), 0, "old: " + before, before, d.oldOutcome(), d.replay().oldTrace(), origin, d);
            paths.add(o);
            DrawnPath n = side("p" + (paths.size() + 1), 1, "new: " + before, before, d.newOutcome(), d.replay().newTrace(), origin, d);
            paths.add(n);
            main.append("<article class=\"difference\" tabindex=\"0\" data-paths=\"").append(o.id()).append(' ').append(n.id())
                    .append("\"><div><span class=\"muted\">").append(esc(d.entry())).append("</span> <code>").append(esc(before))
                    .append("</code>");
            if (d.mayOnly()) {
                main.append(" <span class=\"muted\">(may: depends on ").append(esc(String.join(", ", d.dependsOn()))).append(")</span>");
            }
            if (!d.confirmed()) {
                main.append(" <span class=\"muted\">(unconfirmed: ").append(esc(d.replay().status().name().toLowerCase(Locale.ROOT)
                        .replace('_', ' '))).append(")</span>");
            }
            main.append("</div><div class=\"sides\"><div><span class=\"lbl\">old</span> <span class=\"verdict v-")
                    .append(esc(o.verdict())).append("\">").append(esc(outcome(d.oldOutcome()))).append("</span></div>")
                    .append("<div><span class=\"lbl\">new</span> <span class=\"verdict v-").append(esc(n.verdict())).append("\">")
                    .append(esc(outcome(d.newOutcome()))).append("</span></div></div></article>\n");
        }
        main.append("</section>\n");
        HtmlPage.write(out, "diff", "nflint diff", oldName + " \u2192 " + newName, main.toString(),
                List.of("old: " + oldName, "new: " + newName), paths, p -> x -> null);
    }

    private static DrawnPath side(String id, int slot, String title, String before, SemanticDiff.Outcome o, List<String> walk,
                                  DrawnPath.Origin origin, SemanticDiff.Difference d) {
        List<String> notes = new ArrayList<>(d.replay().notes());
        List<String> lines = walk;
        if (walk.isEmpty() && !o.trace().isEmpty()) {
            lines = o.trace();
            notes.add("the solver's trace (the witness was not replayed by the walker)");
        }
        return DrawnPath.of(id, slot, title, before, lines, outcome(o), origin, notes);
    }

    private static String outcome(SemanticDiff.Outcome o) {
        String v = o.verdict().toLowerCase(Locale.ROOT);
        return v.equals("accept") ? v + " as " + o.translated().describe() + (o.masqueraded() ? " (masqueraded)" : "") : v;
    }
}
