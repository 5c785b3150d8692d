package io.nflint.host;

/** One flag of {@code --match-set NAME src,dst}: which side of the packet a set dimension reads. */
public enum SetDir {
    SRC,
    DST
}
