package io.nflint.rules;

import java.util.Objects;
import java.util.function.Function;

/**
 * Names a value derived from one input that several checks read (the host analysis, the published-port
 * probes, rule logic's report): {@link CheckContext#shared(SharedKey)} computes it once per input, on
 * first use, and keeps it only as long as that input's context. Keys compare by identity, so declare
 * each one once, as a constant next to the code that computes it.
 *
 * <p>The value must be a function of the context alone (never of which check asked first or when):
 * that is what makes the findings independent of the order the checks run in.
 */
public final class SharedKey<T> {

    private final String name;
    private final Function<CheckContext, ? extends T> compute;

    private SharedKey(String name, Function<CheckContext, ? extends T> compute) {
        this.name = Objects.requireNonNull(name);
        this.compute = Objects.requireNonNull(compute);
    }

    /** A key whose value {@code compute} derives from the context; {@code name} is for messages. */
    public static <T> SharedKey<T> of(String name, Function<CheckContext, ? extends T> compute) {
        return new SharedKey<>(name, compute);
    }

    T compute(CheckContext context) {
        return Objects.requireNonNull(compute.apply(context), () -> "shared value '" + name + "' computed null");
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
