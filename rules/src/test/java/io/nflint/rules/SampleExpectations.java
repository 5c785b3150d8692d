package io.nflint.rules;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code # expect: NFL007[:col] "text"} comments of a sample. Each applies to the first line
 * below its block of expectation comments; the text must occur in the finding's message.
 */
record SampleExpectations(List<Expectation> expectations) {

    record Expectation(int line, String id, int column, String text, int commentLine) {
        boolean matches(Finding f) {
            return f.span().line() == line && f.id().equals(id) && (column <= 0 || f.span().column() == column)
                    && f.message().contains(text);
        }

        @Override
        public String toString() {
            return "line " + line + ": " + id + (column > 0 ? ":" + column : "") + " \"" + text + "\" (comment on line "
                    + commentLine + ")";
        }
    }

    private static final Pattern EXPECT = Pattern.compile("#\\s*expect:\\s*(NFL\\d{3})(?::(\\d+))?\\s+\"(.*)\"\\s*");

    static SampleExpectations read(byte[] content) {
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n", -1);
        List<Expectation> out = new ArrayList<>();
        List<Object[]> pending = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replace("\r", "").replace("\uFEFF", "");
            Matcher m = EXPECT.matcher(line.strip());
            if (m.matches()) {
                pending.add(new Object[] {m.group(1), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)), m.group(3), i + 1});
                continue;
            }
            if (line.strip().startsWith("# expect")) {
                throw new IllegalArgumentException("malformed expectation on line " + (i + 1) + ": " + line);
            }
            for (Object[] p : pending) {
                out.add(new Expectation(i + 1, (String) p[0], (Integer) p[1], (String) p[2], (Integer) p[3]));
            }
            pending.clear();
        }
        if (!pending.isEmpty()) {
            throw new IllegalArgumentException("expectation at the end of the file applies to no line");
        }
        return new SampleExpectations(out);
    }

    /** What does not agree: findings nobody expected and expectations nothing met. */
    List<String> mismatches(List<Finding> findings) {
        List<String> problems = new ArrayList<>();
        List<Expectation> open = new ArrayList<>(expectations);
        for (Finding f : findings) {
            Expectation met = null;
            for (Expectation e : open) {
                if (e.matches(f)) {
                    met = e;
                    break;
                }
            }
            if (met == null) {
                problems.add("unexpected finding " + TestPaths.show(f));
            } else {
                open.remove(met);
            }
        }
        for (Expectation e : open) {
            problems.add("no finding for expectation " + e);
        }
        return problems;
    }
}
