package io.nflint.parse;

import io.nflint.ir.Family;
import io.nflint.ir.ParseDiagnostic.Kind;
import io.nflint.ir.Ruleset;
import io.nflint.ir.SourceSpan;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Entry point: reads one dump into a {@link Ruleset}; never throws on bad input. */
public final class DumpParser {

    /** iptables-restore reads lines with fgets into a buffer of this size and splits longer ones. */
    static final int RESTORE_LINE_BUFFER = 10240;

    private DumpParser() {
    }

    /**
     * Parses {@code content} (raw bytes: BOM, CRLF and invalid UTF-8 are diagnosed, not fatal).
     * {@code displayName} is the file name findings will carry.
     */
    public static Ruleset parse(String displayName, byte[] content, ParseOptions options) {
        return parse(displayName, content, options, null);
    }

    /** {@code parallel}: force the parallel parse on or off (tests compare the two); null decides by size. */
    static Ruleset parse(String displayName, byte[] content, ParseOptions options, Boolean parallel) {
        SourceText source = SourceText.decode(content);
        Family family = options.family() != null ? options.family() : detectFamily(displayName, source);
        boolean listing = isListing(source);
        RulesetBuilder builder = new RulesetBuilder(displayName, family, listing,
                options.defaultTable() == null ? "filter" : options.defaultTable());
        formatDiagnostics(displayName, source, builder);
        if (parallel == null ? ParallelLineParse.worthIt(source.lines.size()) : parallel) {
            // a parse thread also assembles plain appends, for the table its section header names
            String[] tables = listing ? null : sectionTables(source);
            ParallelLineParse.run(source.lines, (parser, i) -> {
                SourceText.Line line = source.lines.get(i);
                LineSyntax syntax = parseLine(displayName, parser, line);
                return new ParallelLineParse.Parsed(syntax,
                        tables == null ? null : PreparedAppend.of(family, displayName, tables[i], line, syntax));
            }, (line, parsed) -> builder.accept(line, parsed.syntax(), parsed.prepared()));
        } else {
            LineParser parser = new LineParser();
            for (SourceText.Line line : source.lines) {
                builder.accept(line, parseLine(displayName, parser, line));
            }
        }
        return builder.build();
    }

    /**
     * For each line, the table its section header names (null outside a section): a guess made
     * before anything is applied, which applying checks against the table it is really in.
     */
    private static String[] sectionTables(SourceText source) {
        String[] out = new String[source.lines.size()];
        String table = null;
        for (int i = 0; i < out.length; i++) {
            String t = source.lines.get(i).text();
            if (t.startsWith("*")) {
                int end = 1;
                while (end < t.length() && t.charAt(end) != ' ' && t.charAt(end) != '\t') {
                    end++;
                }
                table = t.substring(1, end);
            } else if (t.startsWith("COMMIT")) {
                out[i] = table;
                table = null;
                continue;
            }
            out[i] = table;
        }
        return out;
    }

    /**
     * Past this many characters a line is not tokenized: iptables-restore reads at most
     * {@link #RESTORE_LINE_BUFFER} bytes of one, and a 100 MB line of millions of options would cost
     * gigabytes of tokens before it could be called wrong.
     */
    static final int MAX_PARSED_LINE = 1 << 16;

    private static LineSyntax parseLine(String displayName, LineParser parser, SourceText.Line line) {
        if (line.text().length() > MAX_PARSED_LINE) {
            return new LineSyntax.Error("line is " + line.text().length() + " characters long: nflint does not read lines over "
                    + MAX_PARSED_LINE + " characters (iptables-restore reads at most " + (RESTORE_LINE_BUFFER - 2)
                    + " bytes of a line); nothing of this line is loaded",
                    new SourceSpan(displayName, line.number(), 1, 2, line.offset(), line.offset() + 1));
        }
        int nul = line.text().indexOf('\0');
        if (nul >= 0) {
            int col = line.text().codePointCount(0, nul) + 1;
            return new LineSyntax.Error("NUL byte in the line: iptables-restore stops reading the line here, so it would load"
                    + " only '" + Printable.of(line.text().substring(0, nul).strip()) + "'",
                    new SourceSpan(displayName, line.number(), col, col + 1, line.offset() + nul, line.offset() + nul + 1));
        }
        return parser.parse(displayName, line);
    }

    public static Ruleset parse(String displayName, String content, ParseOptions options) {
        return parse(displayName, content.getBytes(StandardCharsets.UTF_8), options);
    }

    private static void formatDiagnostics(String file, SourceText source, RulesetBuilder builder) {
        if (source.bom) {
            builder.diagnose(Kind.RESTORE_FAILS, "UTF-8 byte order mark at the start of the file: iptables-restore rejects line 1",
                    new SourceSpan(file, 1, 1, 2, 0, 1));
        }
        if (source.invalidUtf8Line > 0) {
            SourceText.Line l = source.lines.get(source.invalidUtf8Line - 1);
            builder.diagnose(Kind.QUIRK, "bytes that are not UTF-8 (shown as U+FFFD); iptables reads bytes, but check"
                    + " the file was not corrupted", SourceSpan.line(file, l.number(), l.text().length(), l.offset()));
        }
        SourceText.Line firstCrlf = null;
        SourceText.Line firstIndented = null;
        int indented = 0;
        SourceText.Line firstIndentedRule = null;
        int indentedRules = 0;
        for (SourceText.Line l : source.lines) {
            String t = l.text();
            boolean content = !t.isBlank() && !t.startsWith("#");
            if (l.crlf() && content && firstCrlf == null) {
                firstCrlf = l;
            }
            if (!t.isBlank() && (t.charAt(0) == ' ' || t.charAt(0) == '\t')) {
                // restore skips white space before a command (-A …) but not before the line heads
                // it recognises by their first character (observed on both backends)
                String s = t.stripLeading();
                if (s.startsWith(":") || s.startsWith("*") || s.startsWith("#") || s.startsWith("COMMIT")) {
                    indented++;
                    if (firstIndented == null) {
                        firstIndented = l;
                    }
                } else {
                    indentedRules++;
                    if (firstIndentedRule == null) {
                        firstIndentedRule = l;
                    }
                }
            }
            // a char is at most 3 UTF-8 bytes: only a line that long can overflow, so only it is encoded
            int bytes = 3 * t.length() + 2 < RESTORE_LINE_BUFFER ? 0 : t.getBytes(StandardCharsets.UTF_8).length + (l.crlf() ? 1 : 0);
            if (bytes + 1 >= RESTORE_LINE_BUFFER) {
                int col = Math.min(t.length(), RESTORE_LINE_BUFFER - 1);
                builder.diagnose(Kind.RESTORE_FAILS, "line is " + bytes + " bytes long; iptables-restore reads at most "
                        + (RESTORE_LINE_BUFFER - 2) + " and treats the rest as a new line",
                        new SourceSpan(file, l.number(), col, col + 1, l.offset() + col - 1, l.offset() + col));
            }
        }
        if (firstCrlf != null) {
            builder.diagnose(Kind.RESTORE_FAILS, "CRLF line endings (saved on Windows?): iptables-restore reads the CR as part of the"
                    + " line and rejects it; convert with dos2unix",
                    SourceSpan.line(file, firstCrlf.number(), firstCrlf.text().length(), firstCrlf.offset()));
        }
        if (firstIndented != null) {
            builder.diagnose(Kind.RESTORE_FAILS, (indented == 1 ? "this line is" : indented + " table, chain, COMMIT or comment lines are")
                    + " indented" + (indented == 1 ? "" : " (first here)") + ": iptables-restore rejects white space before"
                    + " them ('Bad argument')", indentation(file, firstIndented));
        } else if (firstIndentedRule != null) {
            builder.diagnose(Kind.QUIRK, (indentedRules == 1 ? "this rule line is" : indentedRules + " rule lines are")
                    + " indented" + (indentedRules == 1 ? "" : " (first here)") + ": iptables-restore 1.8 skips the white space,"
                    + " other tools that read the file may not", indentation(file, firstIndentedRule));
        }
    }

    private static SourceSpan indentation(String file, SourceText.Line l) {
        int ws = 0;
        while (ws < l.text().length() && Character.isWhitespace(l.text().charAt(ws))) {
            ws++;
        }
        return new SourceSpan(file, l.number(), 1, ws + 1, l.offset(), l.offset() + ws);
    }

    private static boolean isListing(SourceText source) {
        for (SourceText.Line l : source.lines) {
            if (l.text().stripLeading().startsWith("*")) {
                return false;
            }
        }
        return true;
    }

    /** Header comment first, then the file name, then what the rules themselves say. */
    static Family detectFamily(String name, SourceText source) {
        for (SourceText.Line l : source.lines) {
            String t = l.text();
            if (t.startsWith("# Generated by ")) {
                if (t.contains("ip6tables-save")) {
                    return Family.IPV6;
                }
                if (t.contains("ebtables-save")) {
                    return Family.BRIDGE;
                }
                if (t.contains("arptables-save")) {
                    return Family.ARP;
                }
                if (t.contains("iptables-save")) {
                    return Family.IPV4;
                }
            }
        }
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (base.contains("ebtables")) {
            return Family.BRIDGE;
        }
        if (base.contains("arptables")) {
            return Family.ARP;
        }
        if (base.contains("ip6tables") || base.endsWith(".rules6") || base.endsWith(".v6") || base.contains("ipv6")) {
            return Family.IPV6;
        }
        String dirs = name.replace('\\', '/').toLowerCase(Locale.ROOT);
        if (dirs.contains("ebtables/")) {
            return Family.BRIDGE;
        }
        if (dirs.contains("arptables/")) {
            return Family.ARP;
        }
        if (dirs.contains("ip6tables")) {
            return Family.IPV6;
        }
        int bridgeHints = 0;
        int v6Hints = 0;
        for (SourceText.Line l : source.lines) {
            String t = l.text();
            if (t.startsWith("#")) {
                continue;
            }
            if (t.contains("--ip-src") || t.contains("--ip-dst") || t.contains("--among-") || t.contains("--logical-in")
                    || t.contains("-p IPv4") || t.contains("-p ARP") || t.contains("-j CONTINUE") || t.startsWith("*broute")) {
                bridgeHints++;
            }
            if (t.contains("ipv6-icmp") || t.contains("icmpv6") || t.contains("icmp6") || hasV6Address(t)) {
                v6Hints++;
            }
            if (t.contains(" -s ") || t.contains(" -d ")) {
                if (!hasV6Address(t) && (t.matches(".* -[sd] \\d+\\.\\d+\\.\\d+\\.\\d+.*"))) {
                    v6Hints--;
                }
            }
        }
        if (bridgeHints > 0) {
            return Family.BRIDGE;
        }
        return v6Hints > 0 ? Family.IPV6 : Family.IPV4;
    }

    private static boolean hasV6Address(String t) {
        for (String flag : new String[] {" -s ", " -d ", " --to-destination ", " --to-source "}) {
            int i = t.indexOf(flag);
            if (i >= 0) {
                int start = i + flag.length();
                int end = t.indexOf(' ', start);
                String v = t.substring(start, end < 0 ? t.length() : end);
                if (v.startsWith("!")) {
                    continue;
                }
                if (v.startsWith("[") || v.indexOf(':') != v.lastIndexOf(':') && io.nflint.ir.IpNet.parse(v.replaceAll("^\\[|\\](:.*)?$", "")).isPresent()) {
                    return true;
                }
            }
        }
        return false;
    }
}
