package io.nflint.ir.nft;

import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.SourceSpan;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The IR as text with every span, source text and file name left out: what "text and JSON of one
 * ruleset give equal IR" compares, and a readable dump for debugging.
 */
public final class NftIrText {

    private NftIrText() {
    }

    public static String of(NftRuleset rs) {
        StringBuilder sb = new StringBuilder();
        for (NftTable t : rs.tables()) {
            append(sb, t, 0);
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, Object o, int depth) {
        if (o == null) {
            sb.append("null");
        } else if (o instanceof Optional<?> opt) {
            if (opt.isPresent()) {
                append(sb, opt.get(), depth);
            } else {
                sb.append("-");
            }
        } else if (o instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object x : c) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                append(sb, x, depth + 1);
            }
            sb.append(']');
        } else if (o instanceof Map<?, ?> m) {
            sb.append(new TreeMap<>(m));
        } else if (o instanceof Record r) {
            sb.append(r.getClass().getSimpleName()).append('(');
            boolean first = true;
            for (RecordComponent rc : r.getClass().getRecordComponents()) {
                if (skipped(r, rc)) {
                    continue;
                }
                if (!first) {
                    sb.append(' ');
                }
                first = false;
                sb.append(rc.getName()).append('=');
                try {
                    append(sb, rc.getAccessor().invoke(r), depth + 1);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            sb.append(')');
            if (r instanceof NftRule || r instanceof NftChain || r instanceof NftSet) {
                sb.append('\n');
            }
        } else {
            sb.append(o);
        }
    }

    private static boolean skipped(Record r, RecordComponent rc) {
        Class<?> t = rc.getType();
        return t == SourceSpan.class || t == ParseDiagnostic.class || rc.getName().equals("declarations")
                || rc.getName().equals("comments") || rc.getName().equals("includedTexts")
                || rc.getName().equals("hooks")
                || r instanceof NftRule && rc.getName().equals("text");
    }
}
