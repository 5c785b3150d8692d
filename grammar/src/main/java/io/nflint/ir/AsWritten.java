package io.nflint.ir;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component that says how the rule spelled something ({@code -p tcp} or {@code -p 6}),
 * not what it does: readers that compare rules by meaning leave it out.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface AsWritten {
}
