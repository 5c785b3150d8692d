package io.nflint.symbolic.z3;

import com.microsoft.z3.Context;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.reflect.Field;

/**
 * Makes a Z3 context release its objects only when it is closed, not whenever Java's garbage
 * collector happens to find them unreachable.
 *
 * <p>Why: Z3's Java binding frees an expression when the collector enqueues its wrapper, and Z3
 * hands the freed node's id to the next expression it makes. Ids order Z3's internal tables and
 * rewrites, so when the collector runs decided how much work a query took, which unsat core and which
 * model it gave: measured on the corpus, the same dump's rule logic took a different number of solver
 * steps from run to run, and identical steps with no collection at all. Held until close, a query's
 * answer, core, model and work count depend on the queries before it alone. Every engine is closed
 * after one analysis (one rule set, one diff), which bounds what is held.
 */
final class Z3Objects {

    private Z3Objects() {
    }

    /** A queue the binding registers its wrappers with and never gets one back from. */
    private static final class Held extends ReferenceQueue<Object> {
        @Override
        public Reference<Object> poll() {
            return null;
        }
    }

    static Context heldUntilClose(Context ctx) {
        try {
            Field queueField = Context.class.getDeclaredField("m_RefQueue");
            queueField.setAccessible(true);
            Object queue = queueField.get(ctx);
            Field refs = queue.getClass().getDeclaredField("referenceQueue");
            refs.setAccessible(true);
            refs.set(queue, new Held());
            return ctx;
        } catch (ReflectiveOperationException | RuntimeException e) {
            ctx.close();
            throw new IllegalStateException("this Z3 Java binding cannot keep its objects until the context is closed ("
                    + e + "); without that, solver answers would depend on garbage-collection timing", e);
        }
    }
}
