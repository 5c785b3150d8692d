package io.nflint.symbolic;

import io.nflint.ir.SourceSpan;

import java.util.List;

/** Packets whose fate differs between two rule sets, per entry point; empty when they are equivalent. */
public record SemanticDiff(List<Difference> differences, List<String> notes) {

    public SemanticDiff {
        differences = List.copyOf(differences);
        notes = List.copyOf(notes);
    }

    public boolean equivalent() {
        return differences.isEmpty();
    }

    /** One witness packet entering at {@code entry} (routed, local-in, local-out) and what each side does with it. */
    public record Difference(String entry, Packet witness, Outcome oldOutcome, Outcome newOutcome, boolean mayOnly,
                             List<String> dependsOn) {
        public Difference {
            dependsOn = List.copyOf(dependsOn);
        }
    }

    /**
     * A side's fate for the witness: verdict (ACCEPT, DROP, REJECT, UNKNOWN), the header after NAT
     * and the rules the packet matched on its way, in order, in TRACE vocabulary.
     */
    public record Outcome(String verdict, Packet translated, boolean masqueraded, List<String> trace,
                          List<SourceSpan> rules) {
        public Outcome {
            trace = List.copyOf(trace);
            rules = List.copyOf(rules);
        }
    }
}
