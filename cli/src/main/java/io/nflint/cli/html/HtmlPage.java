package io.nflint.cli.html;

import static io.nflint.cli.html.HtmlText.esc;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The document around a view: one file with its style and script inline and a content security
 * policy that forbids every fetch, so it opens the same from {@code file://}, a CI artifact or a
 * mail attachment. Nothing in it depends on the clock or the machine: the same input gives the
 * same bytes.
 */
final class HtmlPage {

    /** Nothing may be loaded: no network, no other file; inline style and script only. */
    static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

    private HtmlPage() {
    }

    /**
     * @param view       check, trace, matrix or diff (the body's {@code data-view})
     * @param slotLabels one diagram per label (two for a reply or a diff's sides)
     * @param lines      the dump's text for a path's step lines
     */
    static void write(PrintWriter out, String view, String title, String subtitle, String main, List<String> slotLabels,
                      List<DrawnPath> paths, Function<DrawnPath, IntFunction<String>> lines) {
        write(out, view, title, subtitle, w -> w.print(main), slotLabels, paths, lines, new FlowLayout());
    }

    /** The same on the diagram {@code layout} (the hooks of the input at hand). */
    static void write(PrintWriter out, String view, String title, String subtitle, String main, List<String> slotLabels,
                      List<DrawnPath> paths, Function<DrawnPath, IntFunction<String>> lines, FlowLayout layout) {
        write(out, view, title, subtitle, w -> w.print(main), slotLabels, paths, lines, layout);
    }

    /**
     * The same with the view written straight to the page ({@code main}), for views too large to
     * hold as one string; it may add to {@code paths} while it writes, before the diagrams are drawn.
     */
    static void write(PrintWriter out, String view, String title, String subtitle, java.util.function.Consumer<PrintWriter> main,
                      List<String> slotLabels, List<DrawnPath> paths, Function<DrawnPath, IntFunction<String>> lines) {
        write(out, view, title, subtitle, main, slotLabels, paths, lines, new FlowLayout());
    }

    private static void write(PrintWriter out, String view, String title, String subtitle,
                              java.util.function.Consumer<PrintWriter> main, List<String> slotLabels, List<DrawnPath> paths,
                              Function<DrawnPath, IntFunction<String>> lines, FlowLayout layout) {
        out.print("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.print("<meta http-equiv=\"Content-Security-Policy\" content=\"" + POLICY + "\">\n");
        out.print("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        out.print("<meta name=\"generator\" content=\"nflint\">\n");
        out.print("<title>" + esc(title) + "</title>\n<style>\n" + resource("report.css") + "</style>\n</head>\n");
        out.print("<body data-view=\"" + esc(view) + "\"" + (slotLabels.size() > 1 ? " class=\"two\"" : "") + ">\n<header><h1>" + esc(title) + "</h1><p class=\"sub\">"
                + esc(subtitle) + "</p></header>\n<div class=\"layout\">\n<main id=\"main\">\n");
        main.accept(out);
        out.print("</main>\n<aside id=\"flow\">\n");
        FlowDiagram diagram = new FlowDiagram(layout);
        for (int slot = 0; slot < slotLabels.size(); slot++) {
            out.print("<section class=\"slot\" id=\"slot-" + slot + "\"><h2>" + esc(slotLabels.get(slot)) + "</h2>\n");
            out.print(diagram.svg(slot, slotLabels.get(slot), paths));
            out.print("<p class=\"nopath muted\">" + (paths.isEmpty() ? "no packet path in this report"
                    : "select a packet to draw its path") + "</p>\n<div class=\"panels\">\n");
            for (DrawnPath p : paths) {
                if (p.slot() == slot) {
                    out.print(PathPanel.render(p, lines.apply(p)));
                }
            }
            out.print("</div></section>\n");
        }
        out.print("</aside>\n</div>\n<footer>nflint: a report of the input alone; the diagram is nflint's model of the"
                + " kernel's hooks and their tables in priority order.</footer>\n");
        out.print("<script>\n" + resource("report.js") + "</script>\n</body>\n</html>\n");
        out.flush();
    }

    static String resource(String name) {
        try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
