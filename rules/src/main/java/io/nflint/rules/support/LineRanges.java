package io.nflint.rules.support;

import java.util.List;

/** Line numbers written the way a reader deletes them: {@code 120-290, 301}. */
public final class LineRanges {

    private LineRanges() {
    }

    /** {@code lines} in ascending order. */
    public static String of(List<Integer> lines) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < lines.size()) {
            int from = lines.get(i);
            int to = from;
            int j = i + 1;
            while (j < lines.size() && lines.get(j) == to + 1) {
                to++;
                j++;
            }
            sb.append(sb.length() == 0 ? "" : ", ").append(from).append(to > from ? "-" + to : "");
            i = j;
        }
        return sb.toString();
    }
}
