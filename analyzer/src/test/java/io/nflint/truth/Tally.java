package io.nflint.truth;

/** Counts the probes of a test class that agree with the kernel, for the one line it prints at the end. */
final class Tally {

    private int total;
    private int agreed;

    synchronized void add(boolean ok) {
        total++;
        agreed += ok ? 1 : 0;
    }

    synchronized String summary() {
        return agreed + " of " + total + " kernel probes agree with the walker";
    }
}
