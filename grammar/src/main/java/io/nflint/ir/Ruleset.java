package io.nflint.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything one dump says: its tables in file order, its comment lines, and what the parser found
 * wrong with it. {@code listing} is true for {@code iptables -S}-style input without table headers.
 */
public record Ruleset(String file, Family family, boolean listing, List<Table> tables, List<CommentLine> comments,
                      List<ParseDiagnostic> diagnostics) {

    public Ruleset {
        tables = List.copyOf(tables);
        comments = List.copyOf(comments);
        diagnostics = List.copyOf(diagnostics);
    }

    public Optional<Table> table(String name) {
        for (Table t : tables) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public List<Rule> rules() {
        List<Rule> all = new ArrayList<>();
        for (Table t : tables) {
            for (Chain c : t.chains()) {
                all.addAll(c.rules());
            }
        }
        return all;
    }

    public int ruleCount() {
        int n = 0;
        for (Table t : tables) {
            n += t.ruleCount();
        }
        return n;
    }

    public boolean hasSyntaxErrors() {
        for (ParseDiagnostic d : diagnostics) {
            if (d.kind() == ParseDiagnostic.Kind.SYNTAX) {
                return true;
            }
        }
        return false;
    }
}
