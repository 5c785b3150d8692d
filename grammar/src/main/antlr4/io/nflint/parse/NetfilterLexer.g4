/*
 * Tokens of one line of iptables-save, ip6tables-save, ebtables-save or arptables-save output, of
 * iptables-restore input, or of an `iptables -S` listing. The driver feeds one line at a time
 * (without its line terminator) and resets the lexer in between.
 *
 * Line heads (#, *, :, COMMIT) are only recognised as the first token of a line; everywhere else
 * those characters are ordinary word characters. The lexer never fails: any character that starts
 * no other token becomes part of a WORD, so every error is reported by the parser with a position.
 */
lexer grammar NetfilterLexer;

@members {
    /** True until the first non-blank token of the line was emitted. */
    private boolean atLineStart = true;

    @Override
    public void reset() {
        super.reset();
        atLineStart = true;
    }

    @Override
    public org.antlr.v4.runtime.Token emit() {
        org.antlr.v4.runtime.Token t = super.emit();
        if (t.getType() != WS) {
            atLineStart = false;
        }
        return t;
    }
}

COMMENT   : {atLineStart}? '#' ~[\r\n]* ;
TABLE     : {atLineStart}? '*' ~[ \t\r\n]* ;
CHAIN     : {atLineStart}? ':' ~[ \t\r\n]* ;
COMMIT    : {atLineStart}? 'COMMIT' ;

WS        : [ \t]+ -> channel(HIDDEN) ;

BANG      : '!' ;
LONG_OPT  : '--' [a-zA-Z0-9] [a-zA-Z0-9_-]* ;
SHORT_OPT : '-' [a-zA-Z0-9] ;
DQUOTE    : '"' -> pushMode(QUOTED) ;

// A backslash escapes the next character, as iptables-restore's argument splitter does.
WORD      : ( ~[ \t\r\n"\\] | '\\' . | '\\' EOF )+ ;

// Only reached for a stray CR or LF inside a line (the driver strips terminators).
STRAY     : [\r\n] ;

mode QUOTED;

QTEXT     : ( ~["\\] | '\\' . )+ ;
QEND      : '"' -> popMode ;
