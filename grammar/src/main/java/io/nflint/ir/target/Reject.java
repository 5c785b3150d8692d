package io.nflint.ir.target;

import io.nflint.ir.SourceSpan;

/**
 * REJECT: drops and answers; {@code with} is the {@code --reject-with} type as the kernel names it
 * ({@code icmp-port-unreachable} by default, {@code tcp-reset}, {@code icmp6-adm-prohibited}, …).
 */
public record Reject(String with, SourceSpan span) implements Target {
    @Override
    public String name() {
        return "REJECT";
    }

    @Override
    public boolean terminal() {
        return true;
    }

    @Override
    public <R> R accept(Target.Visitor<R> v) {
        return v.visitReject(this);
    }
}
