package io.nflint.cli.report;

import io.nflint.rules.Finding;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkstyle XML, which Jenkins' warnings plugin, reviewdog and many editors read. Files without
 * findings are listed too: to these tools that means "checked and clean".
 */
public final class CheckstyleReporter implements Reporter {

    @Override
    public void write(ReportData data, PrintWriter out) {
        Map<String, List<Finding>> byFile = new LinkedHashMap<>();
        for (String file : data.files()) {
            byFile.put(file, new ArrayList<>());
        }
        for (Finding f : data.findings()) {
            String file = f.span() == null ? "" : f.span().file();
            byFile.computeIfAbsent(file, k -> new ArrayList<>()).add(f);
        }
        out.println("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        out.println("<checkstyle version=\"4.3\">");
        for (Map.Entry<String, List<Finding>> e : byFile.entrySet()) {
            if (e.getValue().isEmpty()) {
                out.println("  <file name=\"" + attr(e.getKey()) + "\"/>");
                continue;
            }
            out.println("  <file name=\"" + attr(e.getKey()) + "\">");
            for (Finding f : e.getValue()) {
                int line = f.span() == null ? 1 : f.span().line();
                int col = f.span() == null ? 1 : f.span().column();
                String message = f.message() + (f.help() == null ? "" : " (help: " + f.help() + ")");
                out.println("    <error line=\"" + line + "\" column=\"" + col + "\" severity=\""
                        + f.severity().label() + "\" message=\"" + attr(message) + "\" source=\"nflint." + attr(f.id()) + "\"/>");
            }
            out.println("  </file>");
        }
        out.println("</checkstyle>");
        out.flush();
    }

    /** Escapes for a double-quoted attribute; control characters XML 1.0 forbids become U+FFFD. */
    static String attr(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\n' -> sb.append("&#10;");
                case '\r' -> sb.append("&#13;");
                case '\t' -> sb.append("&#9;");
                default -> {
                    if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) {
                        sb.append('\uFFFD');
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        return sb.toString();
    }
}
