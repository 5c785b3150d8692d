package io.nflint.cli.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code $ nflint ...} command in a markdown file and the output printed under it, up to the next
 * {@code $} line or the end of its fenced block. {@code start}/{@code end} are the output's line
 * indexes in the file (end exclusive), so update mode can replace exactly those lines.
 */
record DocBlock(String file, int commandLine, String command, List<String> expected, int start, int end) {

    static final String PROMPT = "$ ";

    /** Every command in {@code lines}; commands outside fenced blocks are not commands. */
    static List<DocBlock> parse(String file, List<String> lines) {
        List<DocBlock> found = new ArrayList<>();
        boolean fenced = false;
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                fenced = !fenced;
                i++;
                continue;
            }
            if (fenced && line.startsWith(PROMPT)) {
                int j = i + 1;
                while (j < lines.size() && !lines.get(j).startsWith("```") && !lines.get(j).startsWith(PROMPT)) {
                    j++;
                }
                found.add(new DocBlock(file, i + 1, line.substring(PROMPT.length()).strip(),
                        List.copyOf(lines.subList(i + 1, j)), i + 1, j));
                i = j;
                continue;
            }
            i++;
        }
        return found;
    }

    /** The command's words, honouring single and double quotes as a shell would for simple cases. */
    List<String> words() {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || cur.length() > 0) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
            }
        }
        if (any || cur.length() > 0) {
            words.add(cur.toString());
        }
        return words;
    }

    String where() {
        return file + ":" + commandLine;
    }
}
