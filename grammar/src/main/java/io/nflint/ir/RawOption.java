package io.nflint.ir;

import java.util.List;

/** An option kept verbatim because nflint does not model it: never dropped, never fatal. */
public record RawOption(boolean negated, String name, List<String> values, SourceSpan span) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (negated) {
            sb.append("! ");
        }
        sb.append(name);
        for (String v : values) {
            sb.append(' ').append(v.isEmpty() || v.contains(" ") ? '"' + v + '"' : v);
        }
        return sb.toString();
    }
}
