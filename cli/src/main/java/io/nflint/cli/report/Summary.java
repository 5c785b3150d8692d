package io.nflint.cli.report;

import io.nflint.rules.Finding;
import java.util.ArrayList;
import java.util.List;

/** Counts for the JSON summary and the closing line on stderr. */
public record Summary(int errors, int warnings, int infos, int files, int suppressed, int baselined) {

    public static Summary of(List<Finding> findings, int files, int suppressed, int baselined) {
        int e = 0;
        int w = 0;
        int i = 0;
        for (Finding f : findings) {
            switch (f.severity()) {
                case ERROR -> e++;
                case WARNING -> w++;
                case INFO -> i++;
            }
        }
        return new Summary(e, w, i, files, suppressed, baselined);
    }

    /** {@code 1 error, 3 warnings in 2 files (4 suppressed, 2 in baseline)}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        add(parts, errors, "error");
        add(parts, warnings, "warning");
        add(parts, infos, "info");
        StringBuilder sb = new StringBuilder(parts.isEmpty() ? "no findings" : String.join(", ", parts));
        sb.append(" in ").append(files).append(files == 1 ? " file" : " files");
        List<String> hidden = new ArrayList<>();
        if (suppressed > 0) {
            hidden.add(suppressed + " suppressed");
        }
        if (baselined > 0) {
            hidden.add(baselined + " in baseline");
        }
        if (!hidden.isEmpty()) {
            sb.append(" (").append(String.join(", ", hidden)).append(')');
        }
        return sb.toString();
    }

    private static void add(List<String> parts, int n, String word) {
        if (n > 0) {
            parts.add(n + " " + word + (n == 1 || word.equals("info") ? "" : "s"));
        }
    }
}
