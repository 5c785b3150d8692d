package io.nflint.lower;

import io.nflint.ir.SourceSpan;

/**
 * One test a match makes on a field, as the rule wrote it, read off the lowering: what checks and
 * heuristics ask instead of reading match records. {@code negated} keeps the rule's {@code !}; a
 * test inside a module nflint models only in part is still certain, the module's other parts are
 * not reported here.
 *
 * @param span  the option that wrote the test, or the whole match when the match is this one test
 * @param from  the lowered match it belongs to
 */
public record FieldTest(Field field, Values values, boolean negated, SourceSpan span, Lowered from) {

    /** The nets of an address test (null when the test is on another kind of value). */
    public java.util.List<io.nflint.ir.IpNet> nets() {
        return values instanceof Values.Nets n ? n.nets() : null;
    }

    /** The interval of a port, protocol or type test (null when the test is on another kind of value). */
    public Values.Interval interval() {
        return values instanceof Values.Interval i ? i : null;
    }

    /** The ports of a port test. */
    public io.nflint.ir.PortRange ports() {
        Values.Interval i = interval();
        return new io.nflint.ir.PortRange((int) i.lo(), (int) i.hi());
    }

    /** The names of an enumerated test (address types, states), empty for another kind of value. */
    public java.util.Set<String> symbols() {
        return values instanceof Values.Symbols s ? s.names() : java.util.Set.of();
    }
}
