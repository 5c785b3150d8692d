package io.nflint.nft.parse;

import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftComment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;

/**
 * The tokens of an nft input with {@code include} and {@code $variable} done the way nft's scanner
 * does them: an included file's tokens are spliced in where the include stood (so an include works
 * inside a block too), and a variable's tokens are copied in at the place of use. Each token keeps
 * the file it came from as its source name, so errors and spans name the included file.
 */
final class NftTokenSource implements TokenSource {

    /** nft's own limit (MAX_INCLUDE_DEPTH). */
    static final int MAX_INCLUDE_DEPTH = 16;

    private record Frame(NftLexer lexer, Path dir, String name) { }

    private final Deque<Frame> frames = new ArrayDeque<>();
    private final Deque<Token> pending = new ArrayDeque<>();
    private final Map<String, List<Token>> defines = new HashMap<>();
    private final IncludeResolver resolver;
    private final Function<Path, String> displayName;
    private final List<ParseDiagnostic> diagnostics;
    private final List<String> files = new ArrayList<>();
    private final List<NftComment> comments = new ArrayList<>();
    private final Map<String, String> includedTexts = new LinkedHashMap<>();
    private Token last;

    NftTokenSource(String text, String name, Path dir, IncludeResolver resolver, Function<Path, String> displayName,
                   List<ParseDiagnostic> diagnostics) {
        this.resolver = resolver;
        this.displayName = displayName;
        this.diagnostics = diagnostics;
        push(CharStreams.fromString(text, name), dir, name);
    }

    List<String> files() {
        return files;
    }

    List<NftComment> comments() {
        return comments;
    }

    Map<String, String> includedTexts() {
        return includedTexts;
    }

    /** Keeps a comment for suppressions; whether code stands before it on its line decides what it covers. */
    private void note(Token t) {
        if (t.getType() != NftLexer.COMMENT) {
            return;
        }
        int start = t.getStartIndex();
        int lineStart = start - t.getCharPositionInLine();
        String before = lineStart >= 0 && lineStart <= start
                ? t.getInputStream().getText(org.antlr.v4.runtime.misc.Interval.of(lineStart, start - 1)) : "";
        comments.add(new NftComment(t.getText(), !before.isBlank(), span(t)));
    }

    private void push(CharStream cs, Path dir, String name) {
        NftLexer lexer = new NftLexer(cs);
        lexer.removeErrorListeners();
        frames.push(new Frame(lexer, dir, name));
        files.add(name);
    }

    @Override
    public Token nextToken() {
        Token t = next();
        last = t;
        return t;
    }

    private Token next() {
        while (true) {
            if (!pending.isEmpty()) {
                return pending.poll();
            }
            Frame f = frames.peek();
            Token t = f.lexer.nextToken();
            note(t);
            if (t.getType() == Token.EOF) {
                if (frames.size() == 1) {
                    return t;
                }
                frames.pop();
                // an included file ends its last command, as a newline would
                CommonToken nl = new CommonToken(t);
                nl.setType(NftLexer.NL);
                nl.setText("\n");
                return nl;
            }
            switch (t.getType()) {
                case NftLexer.INCLUDE -> {
                    include(f, t);
                    continue;
                }
                case NftLexer.DEFINE, NftLexer.REDEFINE -> {
                    return define(f, t);
                }
                case NftLexer.UNDEFINE -> {
                    Token name = skipHidden(f);
                    defines.remove(name.getText());
                    pending.add(name);
                    return t;
                }
                case NftLexer.VARIABLE -> {
                    return expand(t);
                }
                default -> {
                    return t;
                }
            }
        }
    }

    private Token skipHidden(Frame f) {
        Token t;
        do {
            t = f.lexer.nextToken();
            note(t);
        } while (t.getChannel() != Token.DEFAULT_CHANNEL);
        return t;
    }

    private void include(Frame f, Token kw) {
        Token name = skipHidden(f);
        if (name.getType() != NftLexer.STRING) {
            // let the parser report it: the include keyword is not valid on its own
            pending.add(kw);
            pending.add(name);
            return;
        }
        String path = name.getText().substring(1, name.getText().length() - 1);
        if (frames.size() >= MAX_INCLUDE_DEPTH) {
            diagnostics.add(new ParseDiagnostic(ParseDiagnostic.Kind.SYNTAX,
                    "include nested more than " + MAX_INCLUDE_DEPTH + " deep (an include cycle?)", span(name)));
            return;
        }
        IncludeResolver.Found found = resolver.resolve(path, f.dir);
        if (found.invalid() != null) {
            diagnostics.add(new ParseDiagnostic(ParseDiagnostic.Kind.SYNTAX,
                    "cannot include \"" + printable(path) + "\": " + found.invalid(), span(name)));
            return;
        }
        if (found.missing()) {
            diagnostics.add(new ParseDiagnostic(ParseDiagnostic.Kind.SYNTAX,
                    "File not found: " + printable(path) + " (nft searches the include paths given with -I; nflint also"
                            + " the including file's directory)", span(name)));
            return;
        }
        List<Path> list = found.files();
        for (int i = list.size() - 1; i >= 0; i--) {
            Path p = list.get(i);
            String text;
            try {
                text = Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException | java.io.UncheckedIOException e) {
                diagnostics.add(new ParseDiagnostic(ParseDiagnostic.Kind.SYNTAX,
                        "cannot read included file " + printable(path) + ": " + e.getMessage(), span(name)));
                continue;
            }
            includedTexts.putIfAbsent(displayName.apply(p), text);
            push(CharStreams.fromString(text, displayName.apply(p)), p.getParent(), displayName.apply(p));
        }
    }

    /** A file name as the messages show it (a path may be long: cut only after 200 characters). */
    private static String printable(String s) {
        return io.nflint.parse.Printable.of(s, 200);
    }

    private Token define(Frame f, Token kw) {
        pending.add(skipHidden(f));
        String name = pending.peekLast().getText();
        Token assign = skipHidden(f);
        pending.add(assign);
        List<Token> value = new ArrayList<>();
        int depth = 0;
        while (true) {
            Token t = f.lexer.nextToken();
            if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                note(t);
                continue;
            }
            int type = t.getType();
            if (type == Token.EOF || depth == 0 && (type == NftLexer.NL || type == NftLexer.SEMI)) {
                if (type == Token.EOF) {
                    pending.add(t);
                    break;
                }
                pending.add(t);
                break;
            }
            if (type == NftLexer.LBRACE || type == NftLexer.LPAREN) {
                depth++;
            } else if (type == NftLexer.RBRACE || type == NftLexer.RPAREN) {
                depth--;
            }
            if (type == NftLexer.VARIABLE) {
                List<Token> inner = defines.get(t.getText().substring(1));
                if (inner != null) {
                    value.addAll(inner);
                    pending.add(t);
                    continue;
                }
            }
            value.add(t);
            pending.add(t);
        }
        defines.put(name, List.copyOf(value));
        return kw;
    }

    private Token expand(Token var) {
        String name = var.getText().substring(1);
        List<Token> value = defines.get(name);
        if (value == null) {
            diagnostics.add(new ParseDiagnostic(ParseDiagnostic.Kind.MALFORMED_VALUE, "unknown identifier '" + name + "'",
                    new SourceSpan(var.getTokenSource().getSourceName(), var.getLine(), var.getCharPositionInLine() + 2,
                            var.getCharPositionInLine() + 1 + var.getText().length(), var.getStartIndex() + 1,
                            var.getStopIndex() + 1)));
            return var;
        }
        for (Token v : value) {
            CommonToken c = new CommonToken(v);
            c.setText(v.getText());
            c.setLine(var.getLine());
            c.setCharPositionInLine(var.getCharPositionInLine());
            c.setStartIndex(var.getStartIndex());
            c.setStopIndex(var.getStopIndex());
            c.setTokenIndex(-1);
            pending.add(c);
        }
        if (pending.isEmpty()) {
            return next();
        }
        return pending.poll();
    }

    static SourceSpan span(Token t) {
        int col = t.getCharPositionInLine() + 1;
        int len = Math.max(1, t.getStopIndex() - t.getStartIndex() + 1);
        return new SourceSpan(t.getTokenSource() == null ? "" : sourceName(t), t.getLine(), col, col + len,
                t.getStartIndex(), t.getStopIndex() + 1);
    }

    /**
     * From {@code a} through {@code b}; when {@code b} is on a later line (a block or set over several
     * lines) through the end of {@code a}'s line, since a span is one line.
     */
    static SourceSpan span(Token a, Token b) {
        SourceSpan first = span(a);
        SourceSpan last = span(b);
        if (last.line() == first.line() && last.file().equals(first.file())) {
            return last.stopOffset() >= first.startOffset() ? first.to(last) : first;
        }
        CharStream in = a.getInputStream();
        if (in == null || a.getStartIndex() < 0 || a.getStopIndex() >= in.size()) {
            return first;
        }
        int end = a.getStopIndex() + 1;
        int size = in.size();
        while (end < size && in.getText(org.antlr.v4.runtime.misc.Interval.of(end, end)).charAt(0) != '\n') {
            end++;
        }
        String rest = in.getText(org.antlr.v4.runtime.misc.Interval.of(a.getStartIndex(), end - 1)).stripTrailing();
        return new SourceSpan(first.file(), first.line(), first.column(), first.column() + rest.length(),
                first.startOffset(), first.startOffset() + rest.length());
    }

    static String sourceName(Token t) {
        CharStream in = t.getInputStream();
        return in != null ? in.getSourceName() : t.getTokenSource().getSourceName();
    }

    @Override
    public int getLine() {
        return last == null ? 1 : last.getLine();
    }

    @Override
    public int getCharPositionInLine() {
        return last == null ? 0 : last.getCharPositionInLine();
    }

    @Override
    public CharStream getInputStream() {
        return frames.peek().lexer.getInputStream();
    }

    @Override
    public String getSourceName() {
        return frames.peekLast().name;
    }

    @Override
    public void setTokenFactory(TokenFactory<?> factory) {
        // tokens come from the per-file lexers' default factory
    }

    @Override
    public TokenFactory<?> getTokenFactory() {
        return frames.peek().lexer.getTokenFactory();
    }
}
