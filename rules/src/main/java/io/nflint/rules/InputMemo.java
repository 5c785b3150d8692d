package io.nflint.rules;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The values of one input's {@link SharedKey}s. Checks run in parallel: the first caller of a key
 * computes its value while later callers of the same key wait, and callers of other keys do not
 * (a value may read other keys while it is computed, as the probes read the host analysis). A
 * computation that fails fails every caller alike, so a finding never depends on who came first.
 */
final class InputMemo {

    private final Map<SharedKey<?>, Slot<?>> slots = new IdentityHashMap<>();

    <T> T get(SharedKey<T> key, CheckContext context) {
        Slot<?> slot;
        synchronized (slots) {
            slot = slots.computeIfAbsent(key, k -> new Slot<>());
        }
        @SuppressWarnings("unchecked")
        Slot<T> typed = (Slot<T>) slot;
        return typed.get(key, context);
    }

    /** How many values were computed (or failed): what the tests hold to one per key and input. */
    int computed() {
        int n = 0;
        synchronized (slots) {
            for (Slot<?> s : slots.values()) {
                n += s.done() ? 1 : 0;
            }
        }
        return n;
    }

    private static final class Slot<T> {
        private T value;
        private RuntimeException failure;
        private boolean done;
        private Thread computing;

        synchronized T get(SharedKey<T> key, CheckContext context) {
            if (!done) {
                if (computing == Thread.currentThread()) {
                    throw new IllegalStateException("shared value '" + key.name() + "' depends on itself");
                }
                computing = Thread.currentThread();
                try {
                    value = key.compute(context);
                    done = true;
                } catch (RuntimeException e) {
                    failure = e;
                    done = true;
                } finally {
                    // an Error (out of stack or heap) leaves the value to be computed again
                    computing = null;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return value;
        }

        synchronized boolean done() {
            return done;
        }
    }
}
