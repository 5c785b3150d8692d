package io.nflint.nft.parse;

import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftRuleset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Reads nft text ({@code nft -f} input, {@code nft list ruleset} output, kube-proxy's command form)
 * into an {@link NftRuleset}. Commands are parsed one at a time (SLL first, LL only when SLL fails)
 * and built as soon as they are read, so a 100k-rule ruleset never holds a whole-file parse tree.
 * The first syntax error ends the reading of the input, as it ends nft's transaction; it is
 * reported at the token nft reports, in nft's words.
 */
public final class NftTextParser {

    private NftTextParser() {
    }

    /** {@code dir} is the file's directory for relative includes (null for stdin). */
    public static NftRuleset parse(String displayName, String text, Path dir, NftParseOptions options) {
        return parse(displayName, text, dir, options, Path::toString);
    }

    public static NftRuleset parse(String displayName, String text, Path dir, NftParseOptions options,
                                   Function<Path, String> includeName) {
        List<ParseDiagnostic> diagnostics = new ArrayList<>();
        NftTokenSource source = new NftTokenSource(text, displayName, dir,
                new IncludeResolver(options.includePath()), includeName, diagnostics);
        CommonTokenStream tokens = new CommonTokenStream(source);
        NftParser parser = new NftParser(tokens);
        parser.removeErrorListeners();
        NftCommands commands = new NftCommands(diagnostics);
        List<ParseDiagnostic> syntax = new ArrayList<>();
        BaseErrorListener listener = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> r, Object offending, int line, int col, String msg,
                                    RecognitionException e) {
                if (syntax.isEmpty()) {
                    syntax.add(NftTextParser.syntaxError((Token) offending));
                }
            }
        };
        while (true) {
            int t = tokens.LA(1);
            if (t == Token.EOF) {
                break;
            }
            if (t == NftLexer.NL || t == NftLexer.SEMI) {
                tokens.consume();
                continue;
            }
            int start = tokens.index();
            NftParser.CommandContext ctx;
            try {
                parser.setErrorHandler(new BailErrorStrategy());
                parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
                ctx = parser.command();
                requireEnd(tokens);
            } catch (ParseCancellationException | SeparatorMissing e) {
                tokens.seek(start);
                parser.reset();
                tokens.seek(start);
                parser.setErrorHandler(new DefaultErrorStrategy());
                parser.getInterpreter().setPredictionMode(PredictionMode.LL);
                parser.addErrorListener(listener);
                ctx = parser.command();
                parser.removeErrorListener(listener);
                if (syntax.isEmpty()) {
                    Token after = tokens.LT(1);
                    int a = after.getType();
                    if (a != Token.EOF && a != NftLexer.NL && a != NftLexer.SEMI) {
                        syntax.add(new ParseDiagnostic(ParseDiagnostic.Kind.SYNTAX, "syntax error, unexpected "
                                + tokenName(after) + ", expecting newline or semicolon", NftTokenSource.span(after)));
                    }
                }
                if (!syntax.isEmpty()) {
                    break;
                }
            }
            commands.apply(ctx, tokens);
        }
        diagnostics.addAll(0, syntax);
        diagnostics.sort(java.util.Comparator.comparing((ParseDiagnostic d) -> d.span().file().equals(displayName) ? 0 : 1)
                .thenComparingInt(d -> d.span().line()).thenComparingInt(d -> d.span().column()));
        boolean script = text.startsWith("#!") && text.lines().findFirst().orElse("").contains("nft")
                || displayName.endsWith("nftables.conf");
        return new NftRuleset(displayName, commands.build().build(), commands.build().flushes, commands.build().resets,
                source.files(), script, diagnostics, source.comments(), source.includedTexts());
    }

    private static final class SeparatorMissing extends RuntimeException {
        SeparatorMissing() {
            super(null, null, false, false);
        }
    }

    private static void requireEnd(CommonTokenStream tokens) {
        int a = tokens.LA(1);
        if (a != Token.EOF && a != NftLexer.NL && a != NftLexer.SEMI) {
            throw new SeparatorMissing();
        }
    }

    static ParseDiagnostic syntaxError(Token t) {
        String msg = "syntax error, unexpected " + tokenName(t);
        return new ParseDiagnostic(ParseDiagnostic.Kind.SYNTAX, msg, NftTokenSource.span(t));
    }

    /** How nft names a token in "unexpected X": keywords by their text, and its words for the rest. */
    static String tokenName(Token t) {
        return switch (t.getType()) {
            case Token.EOF -> "end of file";
            case NftLexer.NL -> "newline";
            case NftLexer.JUNK -> "junk";
            case NftLexer.UNTERMINATED -> "junk (a string without its closing quote)";
            case NftLexer.STRING -> "quoted string";
            case NftLexer.NUMBER -> "number";
            default -> t.getText();
        };
    }

    static SourceSpan spanOf(Token t) {
        return NftTokenSource.span(t);
    }
}
