package io.nflint.cli.html;

import static io.nflint.cli.html.HtmlText.esc;

import io.nflint.cli.catalog.ExplainPage;
import io.nflint.cli.catalog.RuleMeta;
import io.nflint.cli.report.ReportData;
import io.nflint.cli.report.Reporter;
import io.nflint.ir.SourceSpan;
import io.nflint.rules.Finding;
import io.nflint.rules.Related;
import io.nflint.rules.Severity;
import io.nflint.rules.Witness;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * {@code check --format html}: the findings grouped by severity and check, each with its source
 * lines (span marked), related lines, witness, help and its check's page; a finding with a witness
 * draws the witness's path on the hook diagram when selected. Filters and search run in the page.
 */
public final class HtmlReporter implements Reporter {

    @Override
    public void write(ReportData data, PrintWriter out) {
        FlowLayout layout = new FlowLayout(data.stages());
        List<DrawnPath> paths = new ArrayList<>();
        Map<Finding, DrawnPath> pathOf = new IdentityHashMap<>();
        Map<DrawnPath, String> fileOf = new IdentityHashMap<>();
        for (Finding f : data.findings()) {
            Witness w = f.witness();
            if (w == null || w.trace().isEmpty() && (w.outcome() == null || w.outcome().isBlank())) {
                continue;
            }
            DrawnPath p = DrawnPath.of("p" + (paths.size() + 1), 0, f.id() + " witness: " + w.packet(), w.packet(),
                    w.trace(), w.outcome(), origin(w.packet()), List.of(), layout);
            paths.add(p);
            pathOf.put(f, p);
            if (f.span() != null) {
                fileOf.put(p, f.span().file());
            }
        }
        StringBuilder main = new StringBuilder();
        filters(data, main);
        if (data.findings().isEmpty()) {
            main.append("<p class=\"empty\">no findings</p>\n");
        }
        Map<Severity, Map<String, List<Finding>>> groups = new TreeMap<>();
        for (Finding f : data.findings()) {
            groups.computeIfAbsent(f.severity(), k -> new TreeMap<>()).computeIfAbsent(f.id(), k -> new ArrayList<>()).add(f);
        }
        for (Map.Entry<Severity, Map<String, List<Finding>>> g : groups.entrySet()) {
            int n = g.getValue().values().stream().mapToInt(List::size).sum();
            main.append("<section class=\"group sev-").append(g.getKey().label()).append("\"><h2>")
                    .append(plural(n, g.getKey().label())).append("</h2>\n");
            for (Map.Entry<String, List<Finding>> c : g.getValue().entrySet()) {
                RuleMeta meta = data.catalog().get(c.getKey());
                main.append("<div class=\"check\" data-check=\"").append(esc(c.getKey())).append("\"><h3><span class=\"id\">")
                        .append(esc(c.getKey())).append("</span> ").append(esc(meta.name())).append(" <span class=\"muted\">")
                        .append(esc(meta.summary())).append("</span></h3>\n");
                main.append("<details class=\"docs\"><summary>the check's page</summary><pre>")
                        .append(esc(ExplainPage.render(meta))).append("</pre></details>\n");
                for (Finding f : c.getValue()) {
                    finding(f, pathOf.get(f), data, main);
                }
                main.append("</div>\n");
            }
            main.append("</section>\n");
        }
        String subtitle = data.summary().describe() + (data.files().isEmpty() ? "" : ": " + String.join(", ", data.files()));
        HtmlPage.write(out, "check", "nflint check", subtitle, main.toString(), List.of("witness path"), paths,
                p -> lines(data, fileOf.get(p)), layout);
    }

    private static IntFunction<String> lines(ReportData data, String file) {
        return n -> file == null ? null : data.sources().line(file, n).orElse(null);
    }

    static DrawnPath.Origin origin(String packet) {
        if (packet.contains("generated")) {
            return DrawnPath.Origin.LOCAL;
        }
        return packet.contains(", in ") || packet.contains("arriving on") ? DrawnPath.Origin.ARRIVING : DrawnPath.Origin.UNKNOWN;
    }

    private static void filters(ReportData data, StringBuilder sb) {
        sb.append("<div class=\"filters\"><input type=\"search\" id=\"search\" placeholder=\"search findings\""
                + " aria-label=\"search findings\">");
        Map<Severity, Integer> counts = new TreeMap<>();
        Map<String, Integer> checks = new TreeMap<>();
        for (Finding f : data.findings()) {
            counts.merge(f.severity(), 1, Integer::sum);
            checks.merge(f.id(), 1, Integer::sum);
        }
        for (Map.Entry<Severity, Integer> e : counts.entrySet()) {
            String l = e.getKey().label();
            sb.append("<label><input type=\"checkbox\" class=\"sev-filter\" value=\"").append(l).append("\" checked> ")
                    .append(l).append(" (").append(e.getValue()).append(")</label>");
        }
        sb.append("<select id=\"check-filter\" aria-label=\"check\"><option value=\"\">every check</option>");
        for (Map.Entry<String, Integer> e : checks.entrySet()) {
            sb.append("<option value=\"").append(esc(e.getKey())).append("\">").append(esc(e.getKey())).append(" (")
                    .append(e.getValue()).append(")</option>");
        }
        sb.append("</select><span class=\"muted\"><span id=\"shown-count\">").append(data.findings().size())
                .append("</span> shown</span></div>\n");
    }

    private static void finding(Finding f, DrawnPath path, ReportData data, StringBuilder sb) {
        String sev = f.severity().label();
        sb.append("<article class=\"finding sev-").append(sev).append(path == null ? "" : " has-path")
                .append("\" data-severity=\"").append(sev).append("\" data-check=\"").append(esc(f.id()))
                .append("\" data-paths=\"").append(path == null ? "" : path.id()).append("\" tabindex=\"0\">\n");
        SourceSpan s = f.span();
        String where = s == null ? "<unknown>" : s.file() + ":" + s.line() + ":" + s.column();
        sb.append("<div class=\"head\"><span class=\"loc\">").append(esc(where)).append("</span> <span class=\"sev\">")
                .append(sev).append("</span> <span class=\"msg\">").append(esc(f.message()))
                .append("</span> <span class=\"muted\">[").append(esc(f.id())).append("]</span></div>\n");
        source(f, data, sb);
        Witness w = f.witness();
        if (w != null) {
            sb.append("<div class=\"witness\"><span class=\"lbl\">witness</span> <code>").append(esc(w.packet())).append("</code>");
            if (w.outcome() != null && !w.outcome().isBlank()) {
                sb.append("<br><span class=\"lbl\">outcome</span> ").append(esc(w.outcome()));
            }
            sb.append("</div>\n");
        }
        if (f.help() != null && !f.help().isBlank()) {
            sb.append("<p class=\"help\">help: ").append(esc(f.help())).append("</p>\n");
        }
        sb.append("</article>\n");
    }

    /** The primary line with the span marked, then the related lines of the same file with their reason. */
    private static void source(Finding f, ReportData data, StringBuilder sb) {
        SourceSpan s = f.span();
        int width = 5;
        Map<Integer, String> shown = new LinkedHashMap<>();
        StringBuilder pre = new StringBuilder();
        if (s != null) {
            for (Related r : f.related()) {
                if (r.span() != null) {
                    width = Math.max(width, String.valueOf(r.span().line()).length() + 1);
                }
            }
            width = Math.max(width, String.valueOf(s.line()).length() + 1);
            String line = data.sources().line(s.file(), s.line()).orElse(null);
            if (line != null) {
                pre.append(SourceQuote.gutter(s.line(), width)).append(SourceQuote.marked(line, s.column(), s.endColumn())).append('\n');
                shown.put(s.line(), line);
            }
        }
        StringBuilder notes = new StringBuilder();
        for (Related r : f.related()) {
            SourceSpan rs = r.span();
            String line = rs == null ? null : data.sources().line(rs.file(), rs.line()).orElse(null);
            if (rs != null && line != null && s != null && s.file().equals(rs.file())) {
                pre.append(SourceQuote.gutter(rs.line(), width)).append(esc(line)).append("   <span class=\"why\">&lt;- ")
                        .append(esc(r.message())).append("</span>\n");
            } else {
                notes.append("<li>").append(rs == null ? "" : esc(rs.file() + ":" + rs.line() + ":" + rs.column() + ": "))
                        .append(esc(r.message())).append("</li>");
            }
        }
        if (pre.length() > 0) {
            sb.append("<pre class=\"source\">").append(pre).append("</pre>\n");
        }
        if (notes.length() > 0) {
            sb.append("<ul class=\"notes\">").append(notes).append("</ul>\n");
        }
    }

    static String plural(int n, String word) {
        return n + " " + (n == 1 || word.equals("info") ? word : word + "s");
    }
}
