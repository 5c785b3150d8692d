package io.nflint.ir;

/** A mark compared or set under a mask: {@code value/mask}; the mask is all ones when omitted. */
public record MarkValue(long value, long mask) {

    public static final long FULL = 0xffffffffL;

    public boolean matches(long mark) {
        return (mark & mask) == value;
    }

    @Override
    public String toString() {
        return mask == FULL ? "0x" + Long.toHexString(value) : "0x" + Long.toHexString(value) + "/0x" + Long.toHexString(mask);
    }
}
