package io.nflint.symbolic.slice;

import java.util.ArrayList;
import java.util.List;

/**
 * The packets a query is about, as a union of boxes; rules outside it cannot change the answer and
 * are left out of the encoding. {@link #ALL} slices nothing. Kept to a few boxes: past the limit
 * the boxes are merged, which only makes the slice larger (still exact, just slower).
 */
public record Slice(List<Box> boxes) {

    public static final Slice ALL = new Slice(List.of(Box.ANY));
    private static final int MAX_BOXES = 16;

    public Slice {
        boxes = List.copyOf(boxes);
    }

    public static Slice of(List<Box> boxes) {
        List<Box> kept = new ArrayList<>();
        for (Box b : boxes) {
            if (b != null) {
                kept.add(b);
            }
        }
        return kept.size() > MAX_BOXES ? ALL : new Slice(kept);
    }

    public boolean isAll() {
        return boxes.size() == 1 && boxes.get(0).equals(Box.ANY);
    }

    public boolean isEmpty() {
        return boxes.isEmpty();
    }

    boolean overlaps(Box b) {
        if (b == null) {
            return false;
        }
        for (Box q : boxes) {
            if (q.overlaps(b)) {
                return true;
            }
        }
        return false;
    }

    /** The part of this slice inside {@code b} (the packets that can take a jump with box b). */
    public Slice within(Box b) {
        List<Box> out = new ArrayList<>();
        for (Box q : boxes) {
            Box i = b == null ? null : q.intersect(b);
            if (i != null) {
                out.add(i);
            }
        }
        return new Slice(out);
    }

    public Slice union(Slice o) {
        List<Box> all = new ArrayList<>(boxes);
        all.addAll(o.boxes);
        return of(all);
    }

    /** The slice with no interface narrowing (ebtables and iptables name different interfaces of a bridged frame). */
    public Slice anyInterface() {
        List<Box> out = new ArrayList<>();
        for (Box q : boxes) {
            out.add(new Box(q.srcLo(), q.srcHi(), q.dstLo(), q.dstHi(), q.protoLo(), q.protoHi(), q.sportLo(), q.sportHi(),
                    q.dportLo(), q.dportHi(), null, null));
        }
        return new Slice(out);
    }

    public Slice widenRewritten(boolean destination) {
        List<Box> out = new ArrayList<>();
        for (Box q : boxes) {
            out.add(q.widenRewritten(destination));
        }
        return new Slice(out);
    }
}
