package io.nflint.parse;

import io.nflint.ir.SourceSpan;
import java.util.List;

/** What one line is, before any meaning is given to its options. */
sealed interface LineSyntax {

    record Blank() implements LineSyntax {
    }

    record Comment(String text, SourceSpan span) implements LineSyntax {
    }

    record TableHeader(String name, SourceSpan span, List<Val> extra) implements LineSyntax {
    }

    record ChainDecl(String name, SourceSpan nameSpan, Val policy, Val counters, List<Val> extra, SourceSpan span)
            implements LineSyntax {
    }

    record Commit(SourceSpan span, List<Val> extra) implements LineSyntax {
    }

    record Command(List<Val> lead, List<Opt> options, SourceSpan span) implements LineSyntax {
    }

    record Error(String message, SourceSpan span) implements LineSyntax {
    }
}
