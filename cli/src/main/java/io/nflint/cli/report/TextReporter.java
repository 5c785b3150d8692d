package io.nflint.cli.report;

import io.nflint.ir.SourceSpan;
import io.nflint.rules.Finding;
import io.nflint.rules.Related;
import io.nflint.rules.Witness;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * Compiler-style text: {@code file:line:col: severity: message [ID]}, the source line with a caret under
 * the span, related lines marked {@code <- why}, then witness, trace and help. Columns are code points,
 * as the parser counts them; a tab in the source is copied into the caret line so the caret stays
 * under its character whatever the tab width.
 */
public final class TextReporter implements Reporter {

    private static final int TRACE_WIDTH = 100;
    private final Ansi ansi;

    public TextReporter(boolean color) {
        this.ansi = new Ansi(color);
    }

    @Override
    public void write(ReportData data, PrintWriter out) {
        for (Finding f : data.findings()) {
            writeOne(f, data.sources(), out);
        }
        out.flush();
    }

    private void writeOne(Finding f, SourceTexts sources, PrintWriter out) {
        SourceSpan s = f.span();
        String where = s == null ? "<unknown>" : s.file() + ":" + s.line() + ":" + s.column();
        out.println(ansi.bold(where + ":") + " " + ansi.severity(f.severity(), f.severity().label() + ":") + " "
                + ansi.bold(f.message()) + " " + ansi.dim("[" + f.id() + "]"));
        int width = gutterWidth(f);
        if (s != null) {
            Optional<String> line = sources.line(s.file(), s.line());
            if (line.isPresent()) {
                out.println(ansi.gutter(pad(s.line(), width) + " |") + " " + line.get());
                out.println(ansi.gutter(" ".repeat(width) + " |") + " "
                        + ansi.severity(f.severity(), caretLine(line.get(), s.column(), s.endColumn())));
            }
        }
        for (Related r : f.related()) {
            writeRelated(r, s, sources, width, out);
        }
        Witness w = f.witness();
        if (w != null) {
            out.println("  witness: " + w.packet());
            if (!w.trace().isEmpty()) {
                writeTrace(w, out);
            }
            if (w.outcome() != null && !w.outcome().isBlank()) {
                out.println("  outcome: " + w.outcome());
            }
        }
        if (f.help() != null && !f.help().isBlank()) {
            out.println("  " + ansi.help("help:") + " " + f.help());
        }
    }

    private void writeRelated(Related r, SourceSpan primary, SourceTexts sources, int width, PrintWriter out) {
        SourceSpan rs = r.span();
        if (rs == null) {
            out.println("  note: " + r.message());
            return;
        }
        Optional<String> line = sources.line(rs.file(), rs.line());
        boolean sameFile = primary != null && primary.file().equals(rs.file());
        if (line.isPresent() && sameFile) {
            out.println(ansi.gutter(pad(rs.line(), width) + " |") + " " + line.get() + "   " + ansi.dim("<- " + r.message()));
        } else {
            out.println("  note: " + rs.file() + ":" + rs.line() + ":" + rs.column() + ": " + r.message());
        }
    }

    private static void writeTrace(Witness w, PrintWriter out) {
        String indent = "           ";
        StringBuilder line = new StringBuilder("  trace:   ");
        boolean first = true;
        for (String step : w.trace()) {
            String piece = first ? step : " > " + step;
            if (!first && line.length() + piece.length() > TRACE_WIDTH) {
                out.println(line.append(" >"));
                line = new StringBuilder(indent).append(step);
            } else {
                line.append(piece);
            }
            first = false;
        }
        out.println(line);
    }

    private static int gutterWidth(Finding f) {
        int max = f.span() == null ? 0 : f.span().line();
        for (Related r : f.related()) {
            if (r.span() != null) {
                max = Math.max(max, r.span().line());
            }
        }
        return Math.max(5, String.valueOf(max).length() + 1);
    }

    private static String pad(int n, int width) {
        String s = String.valueOf(n);
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }

    /** Spaces (tabs kept) up to the column, then {@code ^~~~} over the span, clipped to the line. */
    static String caretLine(String line, int column, int endColumn) {
        int[] cps = line.codePoints().toArray();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < column - 1; i++) {
            sb.append(i < cps.length && cps[i] == '\t' ? '\t' : ' ');
        }
        int start = column - 1;
        int end = Math.max(column, Math.min(endColumn - 1, cps.length));
        sb.append('^');
        for (int i = start + 1; i < end; i++) {
            sb.append('~');
        }
        return sb.toString();
    }
}
