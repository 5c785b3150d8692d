package io.nflint.ir;

/** Which side of the packet a match looks at. */
public enum Direction {
    SOURCE, DESTINATION
}
