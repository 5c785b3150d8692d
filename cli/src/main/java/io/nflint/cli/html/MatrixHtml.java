package io.nflint.cli.html;

import static io.nflint.cli.html.HtmlText.esc;

import io.nflint.analysis.HostAnalysis;
import io.nflint.analysis.ReachabilityMatrix;
import io.nflint.walk.Outcome;
import io.nflint.walk.TraceStep;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.WalkResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code matrix --format html}: senders as rows, targets as columns, each probe a chip coloured by
 * its verdict; a click draws the probe's walk on the diagram. The walk behind a chip is the one the
 * matrix reports (the first outcome that arrives, else the first), walked again here for its steps.
 */
public final class MatrixHtml {

    /** Paths drawn per page: beyond this a large host's matrix keeps its colours but not every path. */
    static final int MAX_PATHS = 1500;

    private MatrixHtml() {
    }

    public static void write(PrintWriter out, String input, HostAnalysis a, ReachabilityMatrix.Result r) {
        Map<String, ReachabilityMatrix.Endpoint> byName = new LinkedHashMap<>();
        r.endpoints().forEach(e -> byName.put(e.name(), e));
        java.util.Set<String> rows = new java.util.LinkedHashSet<>();
        java.util.Set<String> cols = new java.util.LinkedHashSet<>();
        Map<String, List<ReachabilityMatrix.Cell>> cells = new LinkedHashMap<>();
        for (ReachabilityMatrix.Cell c : r.cells()) {
            rows.add(c.from());
            cols.add(c.to());
            cells.computeIfAbsent(c.from() + "\u0000" + c.to(), k -> new ArrayList<>()).add(c);
        }
        List<DrawnPath> paths = new ArrayList<>();
        // a large host's grid is written as it is made, never held as one string
        HtmlPage.write(out, "matrix", "nflint matrix", input, w -> grid(w, a, r, byName, rows, cols, cells, paths),
                List.of("path"), paths, p -> n -> null);
    }

    private static void grid(PrintWriter main, HostAnalysis a, ReachabilityMatrix.Result r,
                             Map<String, ReachabilityMatrix.Endpoint> byName, java.util.Set<String> rows, java.util.Set<String> cols,
                             Map<String, List<ReachabilityMatrix.Cell>> cells, List<DrawnPath> paths) {
        main.append("<section class=\"matrixview\"><h2>who reaches whom</h2>\n<p class=\"legend\"><span class=\"chip reach\">reached</span>"
                + "<span class=\"chip blocked\">blocked</span><span class=\"chip may\">some outcomes</span>"
                + " <span class=\"muted\">click a port to draw its path</span></p>\n");
        main.append("<table class=\"matrix\"><thead><tr><th>from \\ to</th>");
        for (String c : cols) {
            main.append("<th>").append(esc(c)).append(endpoint(byName.get(c))).append("</th>");
        }
        main.append("</tr></thead><tbody>\n");
        int skipped = 0;
        for (String from : rows) {
            main.append("<tr><th>").append(esc(from)).append(endpoint(byName.get(from))).append("</th>");
            for (String to : cols) {
                main.append("<td data-from=\"").append(esc(from)).append("\" data-to=\"").append(esc(to)).append("\">");
                for (ReachabilityMatrix.Cell c : cells.getOrDefault(from + "\u0000" + to, List.of())) {
                    DrawnPath p = null;
                    if (paths.size() < MAX_PATHS) {
                        p = path("p" + (paths.size() + 1), a, byName.get(from), byName.get(to), c);
                        paths.add(p);
                    } else {
                        skipped++;
                    }
                    String cls = c.may() ? "may" : c.reachable() ? "reach" : "blocked";
                    main.append("<span class=\"chip ").append(cls).append("\" tabindex=\"0\" data-paths=\"")
                            .append(p == null ? "" : p.id()).append("\" title=\"")
                            .append(esc(c.reachable() ? "arrives as " + c.deliveredTo() + " from " + c.sourceSeen()
                                    : "blocked: " + c.decidedBy())).append("\">").append(esc(c.proto() + "/" + c.port()))
                            .append("</span>");
                }
                main.append("</td>");
            }
            main.append("</tr>\n");
        }
        main.append("</tbody></table>\n");
        if (r.cells().isEmpty()) {
            main.append("<p class=\"empty\">no endpoints: the input names no containers and no uplink address</p>\n");
        }
        if (skipped > 0) {
            main.append("<p class=\"muted\">").append(String.valueOf(skipped)).append(" probes beyond the first ").append(String.valueOf(MAX_PATHS))
                    .append(" are coloured but have no path drawn (nflint trace draws any one of them)</p>\n");
        }
        for (String as : r.assumptions()) {
            main.append("<p class=\"muted\">assumed: ").append(esc(as.startsWith("assumed ") ? as.substring(8) : as)).append("</p>\n");
        }
        main.append("</section>\n");
    }

    private static String endpoint(ReachabilityMatrix.Endpoint e) {
        return e == null ? "" : "<br><span class=\"muted\">" + esc(e.kind() + " " + e.address()
                + (e.network().isEmpty() ? "" : " on " + e.network())) + "</span>";
    }

    private static DrawnPath path(String id, HostAnalysis a, ReachabilityMatrix.Endpoint from, ReachabilityMatrix.Endpoint to,
                                  ReachabilityMatrix.Cell c) {
        WalkRequest req = ReachabilityMatrix.request(from, to, c.proto(), c.port());
        WalkResult r = a.walker().walk(req);
        Outcome o = ReachabilityMatrix.shown(a, to, r);
        List<String> lines = new ArrayList<>();
        for (TraceStep s : o.steps()) {
            lines.add(s.render());
        }
        return DrawnPath.of(id, 0, c.from() + " \u2192 " + c.to() + " " + c.proto() + "/" + c.port(), req.describe(), lines,
                o.summary(), req.local() ? DrawnPath.Origin.LOCAL : DrawnPath.Origin.ARRIVING, o.notes());
    }
}
