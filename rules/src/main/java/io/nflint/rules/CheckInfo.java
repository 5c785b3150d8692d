package io.nflint.rules;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A check's metadata. IDs are {@code NFL} + three digits (0xx syntax and structure, 1xx rule logic,
 * 2xx egress and MASQUERADE, 3xx published ports, 4xx isolation, 5xx Kubernetes) and never reused.
 * {@code summary} has no trailing period. {@code inputError} marks checks whose findings mean the
 * input could not be read completely (exit status 2).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CheckInfo {
    String id();

    String name();

    String summary();

    Severity severity();

    Engine[] engines() default {Engine.STRUCTURE};

    boolean inputError() default false;
}
