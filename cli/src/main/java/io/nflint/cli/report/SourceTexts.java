package io.nflint.cli.report;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The inputs' text by display name, for quoting source lines under a finding. */
public final class SourceTexts {

    private final Map<String, byte[]> raw = new HashMap<>();
    private final Map<String, List<String>> lines = new HashMap<>();

    public SourceTexts add(String file, byte[] content) {
        raw.put(file, content);
        return this;
    }

    public synchronized Optional<String> line(String file, int number) {
        List<String> ls = lines.computeIfAbsent(file, f -> {
            byte[] b = raw.get(f);
            return b == null ? null : split(new String(b, StandardCharsets.UTF_8));
        });
        if (ls == null || number < 1 || number > ls.size()) {
            return Optional.empty();
        }
        String line = ls.get(number - 1);
        // a finding quotes its line: a 100 MB line is shown by its start, not copied into the report
        return Optional.of(line.length() <= MAX_SHOWN ? line : line.substring(0, MAX_SHOWN) + " ...");
    }

    /** Longer than any real rule line (iptables-restore reads at most 10238 bytes of one). */
    static final int MAX_SHOWN = 16384;

    private static List<String> split(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        // the parser counts lines at "\n"; a lone "\r" is text, a trailing one is CRLF residue
        String[] parts = t.split("\n", -1);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].endsWith("\r")) {
                parts[i] = parts[i].substring(0, parts[i].length() - 1);
            }
        }
        return List.of(parts);
    }
}
