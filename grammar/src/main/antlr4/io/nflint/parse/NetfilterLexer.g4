/*
 * Tokens of one line of iptables-save, ip6tables-save, ebtables-save or arptables-save output, of
 * iptables-restore input, or of an `iptables -S` listing. The driver feeds one line at a time
 * (without its line terminator) and resets the lexer in between, which returns it to the default
 * mode.
 *
 * The default mode is the head of a line: only there do #, *, : and COMMIT start a comment, a
 * table, a chain declaration or a commit. The first other token switches to ARGS, where those
 * characters are ordinary word characters. Modes rather than predicates keep ANTLR's DFA cache
 * usable (a predicate disables it), which is what makes 100k-line dumps fast.
 *
 * The lexer never fails: any character that starts no other token becomes part of a WORD, so every
 * error is reported by the parser with a position.
 */
lexer grammar NetfilterLexer;

COMMENT        : '#' ~[\r\n]* ;
TABLE          : '*' ~[ \t\r\n]* -> mode(ARGS) ;
CHAIN          : ':' ~[ \t\r\n]* -> mode(ARGS) ;
COMMIT         : 'COMMIT' -> mode(ARGS) ;
HEAD_WS        : [ \t]+ -> skip ;
HEAD_BANG      : '!' -> type(BANG), mode(ARGS) ;
HEAD_LONG_OPT  : '--' [a-zA-Z0-9] [a-zA-Z0-9_-]* -> type(LONG_OPT), mode(ARGS) ;
HEAD_SHORT_OPT : '-' [a-zA-Z0-9] -> type(SHORT_OPT), mode(ARGS) ;
HEAD_DQUOTE    : '"' -> type(DQUOTE), mode(ARGS), pushMode(QUOTED) ;
HEAD_WORD      : ( ~[ \t\r\n"\\] | '\\' . | '\\' EOF )+ -> type(WORD), mode(ARGS) ;
HEAD_STRAY     : [\r\n] -> type(STRAY) ;

mode ARGS;

WS        : [ \t]+ -> skip ;
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
