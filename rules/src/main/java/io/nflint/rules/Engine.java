package io.nflint.rules;

/** What a check needs to run; the symbolic engine loads Z3, so checks say whether they need it. */
public enum Engine {
    /** Only the IR. */
    STRUCTURE,
    /** The concrete packet walk and the host model. */
    WALKER,
    /** The Z3-backed symbolic engine. */
    SYMBOLIC
}
