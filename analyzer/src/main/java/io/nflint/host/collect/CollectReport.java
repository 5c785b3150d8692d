package io.nflint.host.collect;

import java.util.List;

/** What a collection run wrote and what it left out, with the reason for each. */
public record CollectReport(List<Written> written, List<Skipped> skipped) {

    public CollectReport {
        written = List.copyOf(written);
        skipped = List.copyOf(skipped);
    }

    public record Written(String file, List<String> command) {
    }

    public record Skipped(String file, List<String> command, String reason) {
    }

    public boolean wrote(String file) {
        return written.stream().anyMatch(w -> w.file().equals(file));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        written.forEach(w -> sb.append("wrote   ").append(w.file()).append("  (").append(String.join(" ", w.command())).append(")\n"));
        skipped.forEach(s -> sb.append("skipped ").append(s.file()).append(": ").append(s.reason()).append('\n'));
        return sb.toString();
    }
}
