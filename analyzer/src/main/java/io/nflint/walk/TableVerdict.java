package io.nflint.walk;

/**
 * How one table's traversal at one hook ended. ACCEPT lets the packet go on to the next table or
 * hook; DROP and REJECT end it; LOOP means the jumps never ended (a rule set the kernel would
 * refuse to load) and also ends it.
 */
public record TableVerdict(Kind kind, String rejectWith, String detail) {

    public enum Kind { ACCEPT, DROP, REJECT, LOOP }

    public static final TableVerdict ACCEPT = new TableVerdict(Kind.ACCEPT, null, null);
    public static final TableVerdict DROP = new TableVerdict(Kind.DROP, null, null);

    public static TableVerdict reject(String with) {
        return new TableVerdict(Kind.REJECT, with, null);
    }

    public boolean passes() {
        return kind == Kind.ACCEPT;
    }
}
