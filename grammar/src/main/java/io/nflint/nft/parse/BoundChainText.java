package io.nflint.nft.parse;

import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftRule;
import io.nflint.ir.nft.NftStmt;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * A chain binding as {@code nft -j} prints it: the verdict as nft text in a JSON string
 * ({@code "jump {\n\t\t\tip saddr … accept\n\t\t}"}). Read with the text reader, so text and JSON
 * give the same bound chain; every span is the JSON object's, as for the rest of a JSON rule.
 */
public final class BoundChainText {

    private BoundChainText() {
    }

    /** The verdict that jumps to the bound chain, or empty when {@code text} is not one nflint can read. */
    public static Optional<NftStmt> read(String text, SourceSpan at, ChainBinder binder) {
        String t = text.strip();
        if (!(t.startsWith("jump") || t.startsWith("goto")) || !t.endsWith("}")) {
            return Optional.empty();
        }
        NftLexer lexer = new NftLexer(CharStreams.fromString(t, at.file()));
        lexer.removeErrorListeners();
        NftParser parser = new NftParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        NftParser.RuleBodyContext body;
        try {
            body = parser.ruleBody();
            if (parser.getCurrentToken().getType() != Token.EOF) {
                return Optional.empty();
            }
        } catch (ParseCancellationException e) {
            return Optional.empty();
        }
        ChainBinder relocated = (rules, span) -> binder.bind(rules.stream().map(r -> (NftRule) relocate(r, at)).toList(), at);
        try {
            List<NftStmt> stmts = new RuleReader(NftCommands.items(body.term()), relocated).read().statements();
            if (stmts.size() == 1 && stmts.get(0) instanceof NftStmt.Verdict v) {
                return Optional.of((NftStmt) relocate(v, at));
            }
        } catch (RuleReader.Unexpected e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** A copy of an IR record with every span in it replaced by {@code at}. */
    static Object relocate(Object o, SourceSpan at) {
        if (o instanceof SourceSpan) {
            return at;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(relocate(x, at)));
            return out;
        }
        if (o instanceof Optional<?> opt) {
            return opt.map(x -> relocate(x, at));
        }
        if (!(o instanceof Record r)) {
            return o;
        }
        RecordComponent[] rc = r.getClass().getRecordComponents();
        Object[] args = new Object[rc.length];
        Class<?>[] types = new Class<?>[rc.length];
        try {
            for (int i = 0; i < rc.length; i++) {
                types[i] = rc[i].getType();
                args[i] = relocate(rc[i].getAccessor().invoke(r), at);
            }
            return r.getClass().getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + r.getClass().getSimpleName(), e);
        }
    }
}
