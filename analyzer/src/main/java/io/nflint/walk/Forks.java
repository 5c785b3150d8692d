package io.nflint.walk;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The nondeterministic decisions of one run of the walk. The walker explores all of them by
 * re-running: each run follows a script of earlier decisions, takes "matches" (or the walker's
 * preferred first value) at every new decision point, and queues the script with the other value
 * at that point for a later run.
 */
final class Forks {

    private final List<Boolean> script;
    private final Deque<List<Boolean>> pending;
    private final List<Choice> taken = new ArrayList<>();
    private int position;

    Forks(List<Boolean> script, Deque<List<Boolean>> pending) {
        this.script = script;
        this.pending = pending;
    }

    boolean decide(String where, String why) {
        return decide(where, why, true);
    }

    /** A decision whose first run takes {@code first} (the other value is queued for a later run). */
    boolean decide(String where, String why, boolean first) {
        boolean value;
        if (position < script.size()) {
            value = script.get(position);
        } else {
            List<Boolean> alternative = new ArrayList<>(script.subList(0, Math.min(position, script.size())));
            for (int k = alternative.size(); k < position; k++) {
                alternative.add(taken.get(k).matched());
            }
            alternative.add(!first);
            pending.addLast(alternative);
            value = first;
        }
        position++;
        taken.add(new Choice(where, why, value));
        return value;
    }

    List<Choice> taken() {
        return List.copyOf(taken);
    }
}
