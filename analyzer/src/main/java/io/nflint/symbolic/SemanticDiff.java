package io.nflint.symbolic;

import io.nflint.symbolic.WitnessPacket;
import io.nflint.ir.SourceSpan;

import java.util.List;

/**
 * Packets whose fate differs between two rule sets, per entry point; empty when they are
 * equivalent. {@code undecided} names the entry points where the solver gave up or the diff's work
 * limit was spent (neither is a proof that no more packets differ): the rule sets are then not shown equivalent.
 */
public record SemanticDiff(List<Difference> differences, List<String> notes, List<String> undecided) {

    public SemanticDiff {
        differences = List.copyOf(differences);
        notes = List.copyOf(notes);
        undecided = List.copyOf(undecided);
    }

    public SemanticDiff(List<Difference> differences, List<String> notes) {
        this(differences, notes, List.of());
    }

    public boolean equivalent() {
        return differences.isEmpty() && undecided.isEmpty();
    }

    /**
     * One witness packet entering at {@code entry} (routed, local-in, local-out) and what each side
     * does with it, as the solver claims; {@code replay} says whether the concrete walker, run on each
     * rule set with the routing the solver chose, does the same.
     */
    public record Difference(String entry, WitnessPacket witness, Outcome oldOutcome, Outcome newOutcome, boolean mayOnly,
                             List<String> dependsOn, Replay replay) {
        public Difference {
            dependsOn = List.copyOf(dependsOn);
        }

        /** A difference not replayed yet; {@link Differ} replays every difference it reports. */
        public Difference(String entry, WitnessPacket witness, Outcome oldOutcome, Outcome newOutcome, boolean mayOnly,
                          List<String> dependsOn) {
            this(entry, witness, oldOutcome, newOutcome, mayOnly, dependsOn,
                    new Replay(Replay.Status.NOT_REPLAYED, List.of(), List.of(), List.of("not replayed")));
        }

        public Difference withReplay(Replay r) {
            return new Difference(entry, witness, oldOutcome, newOutcome, mayOnly, dependsOn, r);
        }

        /** The concrete walker confirmed both claimed outcomes. */
        public boolean confirmed() {
            return replay.status() == Replay.Status.CONFIRMED;
        }
    }

    /**
     * A side's fate for the witness: verdict (ACCEPT, DROP, REJECT, UNKNOWN), the header after NAT
     * and the rules the packet matched on its way, in order, in TRACE vocabulary.
     */
    public record Outcome(String verdict, WitnessPacket translated, boolean masqueraded, List<String> trace,
                          List<SourceSpan> rules) {
        public Outcome {
            trace = List.copyOf(trace);
            rules = List.copyOf(rules);
        }
    }

    /**
     * The witness walked by the concrete walker through each rule set, on a host whose locality,
     * routes and interface addresses are the ones the solver chose for it. The traces are the
     * walker's TRACE lines (with dump lines) of the outcome that matched the claim, or of its first
     * outcome when none did; {@code notes} say what disagreed or why the witness was not replayed.
     */
    public record Replay(Status status, List<String> oldTrace, List<String> newTrace, List<String> notes) {
        public Replay {
            oldTrace = List.copyOf(oldTrace);
            newTrace = List.copyOf(newTrace);
            notes = List.copyOf(notes);
        }

        public enum Status {
            /** Both sides' walks reach the claimed verdict and header. */
            CONFIRMED,
            /** At least one side's walk does something else: the difference is not confirmed. */
            DID_NOT_REPLAY,
            /** The walker cannot start from this witness (a later packet of a connection, a mark, a fragment). */
            NOT_REPLAYED
        }
    }
}
