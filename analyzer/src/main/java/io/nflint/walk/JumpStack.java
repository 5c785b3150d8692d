package io.nflint.walk;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The return points of one base chain's traversal, kept the way {@code ipt_do_table} and
 * {@code nft_do_chain} keep them: a jump pushes one, a goto does not, a return (or the end of a
 * user chain) pops one, and with none left the base chain's policy applies. Also counts rule
 * visits, so that a goto cycle ends in a LOOP verdict instead of running forever.
 */
final class JumpStack<C> {

    record Frame<C>(C chain, int next) {
    }

    private final Deque<Frame<C>> frames = new ArrayDeque<>();
    private int visits;

    /** Counts {@code n} more rule visits; false once there were more than {@link ChainTraversal#MAX_VISITS}. */
    boolean visit(int n) {
        visits += n;
        return visits <= ChainTraversal.MAX_VISITS;
    }

    /** A jump's return point; false (nothing pushed) when the jumps are already {@link ChainTraversal#MAX_DEPTH} deep. */
    boolean push(C chain, int next) {
        if (frames.size() >= ChainTraversal.MAX_DEPTH) {
            return false;
        }
        frames.push(new Frame<>(chain, next));
        return true;
    }

    /** The last return point, or null when there is none (the base chain's policy applies). */
    Frame<C> pop() {
        return frames.poll();
    }
}
