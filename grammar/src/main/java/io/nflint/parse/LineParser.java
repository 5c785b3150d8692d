package io.nflint.parse;

import io.nflint.ir.SourceSpan;
import io.nflint.parse.NetfilterParser.ChainDeclContext;
import io.nflint.parse.NetfilterParser.CommandContext;
import io.nflint.parse.NetfilterParser.LineContext;
import io.nflint.parse.NetfilterParser.OptionContext;
import io.nflint.parse.NetfilterParser.ValueContext;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Parses one line at a time with one reused lexer and parser: SLL with bail-out first (enough for
 * every well-formed line), full LL with error reporting only when that fails. Whole-file parse
 * trees of large dumps cost gigabytes; lines cost nothing.
 */
final class LineParser {

    private final NetfilterLexer lexer = new NetfilterLexer(CharStreams.fromString(""));
    private final CommonTokenStream tokens = new CommonTokenStream(lexer);
    private final NetfilterParser parser = new NetfilterParser(tokens);
    private final FirstError errors = new FirstError();
    /** Off only to compare with the generated lexer alone. */
    private static final boolean FAST = !io.nflint.debug.DebugSwitches.CURRENT.generatedLexerOnly();
    private String file;
    private SourceText.Line line;
    private boolean astral;
    /** False when the fast lexer took the line: it takes none with a backslash. */
    private boolean escapes = true;

    LineParser() {
        lexer.removeErrorListeners();
        parser.removeErrorListeners();
    }

    LineSyntax parse(String fileName, SourceText.Line l) {
        return parse(fileName, l, true);
    }

    /** {@code direct}: off only to compare {@link FastCommand} with the grammar's own answer. */
    LineSyntax parse(String fileName, SourceText.Line l, boolean direct) {
        this.file = fileName;
        this.line = l;
        String text = l.text();
        this.astral = text.codePointCount(0, text.length()) != text.length();
        if (text.isBlank()) {
            return new LineSyntax.Blank();
        }
        int[] fast = FAST ? FastLineLexer.scan(text) : null;
        if (fast != null && direct) {
            // an ordinary rule line: its options straight from the tokens, no parse tree
            LineSyntax.Command c = FastCommand.of(this, text, fast);
            if (c != null) {
                return c;
            }
        }
        LineContext tree;
        try {
            tree = run(text, true, fast);
        } catch (ParseCancellationException e) {
            tree = run(text, false, null);
            if (errors.token != null || errors.message != null) {
                return new LineSyntax.Error(errors.describe(), errors.span(this));
            }
        }
        return convert(tree);
    }

    private LineContext run(String text, boolean sll, int[] scanned) {
        // the fast tokens only ever go to the SLL attempt: a line that fails is lexed again by the
        // generated lexer, so every error message and position comes from the grammar itself
        List<Token> fast = sll && scanned != null ? FastLineLexer.tokens(text, scanned) : null;
        escapes = fast == null;
        if (fast != null) {
            tokens.setTokenSource(new ListTokenSource(fast));
        } else {
            lexer.setInputStream(CharStreams.fromString(text));
            lexer.reset();
            tokens.setTokenSource(lexer);
        }
        parser.setTokenStream(tokens);
        parser.reset();
        parser.removeErrorListeners();
        errors.clear();
        if (sll) {
            parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
            parser.setErrorHandler(new BailErrorStrategy());
        } else {
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            parser.setErrorHandler(new DefaultErrorStrategy());
            parser.addErrorListener(errors);
        }
        return parser.line();
    }

    private LineSyntax convert(LineContext tree) {
        if (tree.commentLine() != null) {
            Token t = tree.commentLine().COMMENT().getSymbol();
            return new LineSyntax.Comment(t.getText(), span(t, t));
        }
        if (tree.tableHeader() != null) {
            Token t = tree.tableHeader().TABLE().getSymbol();
            return new LineSyntax.TableHeader(t.getText().substring(1), span(t, t), values(tree.tableHeader().extra));
        }
        if (tree.chainDecl() != null) {
            ChainDeclContext c = tree.chainDecl();
            Token t = c.CHAIN().getSymbol();
            SourceSpan nameSpan = span(t, t);
            return new LineSyntax.ChainDecl(t.getText().substring(1), nameSpan,
                    c.policy == null ? null : value(c.policy), c.counters == null ? null : value(c.counters),
                    values(c.extra), span(t, c.getStop()));
        }
        if (tree.commitLine() != null) {
            Token t = tree.commitLine().COMMIT().getSymbol();
            return new LineSyntax.Commit(span(t, t), values(tree.commitLine().extra));
        }
        if (tree.command() != null) {
            CommandContext c = tree.command();
            List<Val> lead = new ArrayList<>();
            for (Token w : c.lead) {
                lead.add(new Val(unescape(w.getText()), span(w, w), false));
            }
            List<Opt> opts = new ArrayList<>(c.option().size());
            for (OptionContext o : c.option()) {
                opts.add(new Opt(o.neg != null, o.neg2 != null, o.name.getText(), span(o.name, o.name),
                        values(o.values), span(o.getStart(), o.getStop())));
            }
            return new LineSyntax.Command(lead, opts, span(c.getStart(), c.getStop()));
        }
        return new LineSyntax.Blank();
    }

    private List<Val> values(List<ValueContext> ctxs) {
        List<Val> out = new ArrayList<>(ctxs.size());
        for (ValueContext v : ctxs) {
            out.add(value(v));
        }
        return out;
    }

    private Val value(ValueContext v) {
        if (v.quoted() != null) {
            Token text = v.quoted().QTEXT() == null ? null : v.quoted().QTEXT().getSymbol();
            return new Val(text == null ? "" : unescape(text.getText()), span(v.getStart(), v.getStop()), true);
        }
        // a value that is not quoted is one WORD token: its text, without RuleContext.getText's builder
        Token word = v.getStart();
        return new Val(escapes ? unescape(word.getText()) : word.getText(), span(word, word), false);
    }

    /** iptables-restore drops a backslash and keeps the character after it. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                sb.append(s.charAt(++i));
            } else if (c != '\\') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    SourceSpan span(Token start, Token stop) {
        int startCp = start.getStartIndex();
        int stopCp = Math.max(stop.getStopIndex() + 1, startCp);
        return spanOfCodePoints(startCp, stopCp);
    }

    SourceSpan spanOfCodePoints(int startCp, int stopCp) {
        int startChar = startCp;
        int stopChar = stopCp;
        if (astral) {
            String t = line.text();
            int cps = t.codePointCount(0, t.length());
            startChar = t.offsetByCodePoints(0, Math.min(startCp, cps));
            stopChar = t.offsetByCodePoints(0, Math.min(stopCp, cps));
        }
        return new SourceSpan(file, line.number(), startCp + 1, stopCp + 1,
                line.offset() + startChar, line.offset() + stopChar);
    }

    /** Keeps the first error of a line with the token it happened at. */
    private static final class FirstError extends BaseErrorListener {
        Token token;
        String message;
        int column;

        void clear() {
            token = null;
            message = null;
            column = 0;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int lineNo, int charPositionInLine,
                                String msg, RecognitionException e) {
            if (message != null) {
                return;
            }
            token = offendingSymbol instanceof Token t ? t : null;
            message = msg;
            column = charPositionInLine;
        }

        String describe() {
            if (token == null) {
                return message;
            }
            return switch (token.getType()) {
                case NetfilterLexer.EOF -> message.contains("QEND") || message.contains("'\"'")
                        ? "unterminated quoted string" : "line ends where an option was expected: " + message;
                case NetfilterLexer.BANG -> "'!' must stand before an option";
                case NetfilterLexer.STRAY -> "stray line break character inside the line";
                case NetfilterLexer.WORD, NetfilterLexer.DQUOTE ->
                        "no command specified: '" + Printable.of(token.getText()) + "' is not an option";
                case NetfilterLexer.COMMENT, NetfilterLexer.TABLE, NetfilterLexer.CHAIN, NetfilterLexer.COMMIT ->
                        "unexpected '" + Printable.of(token.getText()) + "'";
                default -> message;
            };
        }

        SourceSpan span(LineParser p) {
            if (token == null || token.getType() == NetfilterLexer.EOF) {
                int len = p.line.text().codePointCount(0, p.line.text().length());
                int col = token == null ? column : len;
                return p.spanOfCodePoints(Math.min(col, len), Math.max(Math.min(col, len), len));
            }
            return p.span(token, token);
        }
    }
}
