package io.nflint.cli.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How documented output is compared with what nflint prints. What legitimately varies is normalised
 * on both sides (durations); docs may leave out what does not help the reader: a line that is only
 * {@code …} stands for any number of lines, and a line ending in {@code …} for any line starting with
 * the text before it.
 */
final class DocOutput {

    static final String ELLIPSIS = "…";
    private static final Pattern DURATION = Pattern.compile("\\b\\d+(\\.\\d+)?\\s?(ms|s)\\b");

    private DocOutput() {
    }

    static List<String> normalise(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(DURATION.matcher(l.stripTrailing()).replaceAll("<duration>"));
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    static boolean matches(List<String> expected, List<String> actual) {
        return matches(normalise(expected), 0, normalise(actual), 0);
    }

    private static boolean matches(List<String> exp, int e, List<String> act, int a) {
        if (e == exp.size()) {
            return a == act.size();
        }
        String line = exp.get(e);
        if (line.strip().equals(ELLIPSIS)) {
            for (int skip = a; skip <= act.size(); skip++) {
                if (matches(exp, e + 1, act, skip)) {
                    return true;
                }
            }
            return false;
        }
        if (a == act.size()) {
            return false;
        }
        boolean same = line.endsWith(ELLIPSIS)
                ? act.get(a).startsWith(line.substring(0, line.length() - ELLIPSIS.length()).stripTrailing())
                : act.get(a).equals(line);
        return same && matches(exp, e + 1, act, a + 1);
    }
}
