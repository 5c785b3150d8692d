/*
 * Tokens of the nft language as `nft -f` reads it and `nft list ruleset` prints it. Newlines are
 * tokens (they end commands and block items, as in nft's own grammar); a backslash before a
 * newline joins lines. Only the words that shape blocks and commands are keywords: expression and
 * statement words (ip, saddr, ct, accept …) are WORDs, typed by the builder, so a new nft keyword
 * never needs a grammar change. The lexer never fails: any other character becomes JUNK, which
 * the parser reports with its position (nft says "unexpected junk" there, e.g. for a CR).
 */
lexer grammar NftLexer;

TABLE      : 'table' ;
CHAIN      : 'chain' ;
SET        : 'set' ;
MAP        : 'map' ;
FLOWTABLE  : 'flowtable' ;
TYPE       : 'type' ;
HOOK       : 'hook' ;
PRIORITY   : 'priority' ;
POLICY     : 'policy' ;
DEVICE     : 'device' ;
DEVICES    : 'devices' ;
INCLUDE    : 'include' ;
DEFINE     : 'define' ;
REDEFINE   : 'redefine' ;
UNDEFINE   : 'undefine' ;
ADD        : 'add' ;
CREATE     : 'create' ;
INSERT     : 'insert' ;
REPLACE    : 'replace' ;
DELETE     : 'delete' ;
DESTROY    : 'destroy' ;
FLUSH      : 'flush' ;
LIST       : 'list' ;
RESET      : 'reset' ;
RULE       : 'rule' ;
ELEMENT    : 'element' ;
RULESET    : 'ruleset' ;

LBRACE     : '{' ;
RBRACE     : '}' ;
LPAREN     : '(' ;
RPAREN     : ')' ;
LBRACKET   : '[' ;
RBRACKET   : ']' ;
SEMI       : ';' ;
COMMA      : ',' ;
COLON      : ':' ;
DOT        : '.' ;
EQEQ       : '==' ;
NEQ        : '!=' ;
LTE        : '<=' ;
GTE        : '>=' ;
SHL        : '<<' ;
SHR        : '>>' ;
LT         : '<' ;
GT         : '>' ;
ASSIGN     : '=' ;
AMP        : '&' ;
PIPE       : '|' ;
CARET      : '^' ;
BANG       : '!' ;
MINUS      : '-' ;
PLUS       : '+' ;
SLASH      : '/' ;
STAR       : '*' ;

// nft's scanner lets a string run over newlines, so an unterminated quote swallows the lines after
// it and the error lands far away (nft reports it on the quote's line); nflint reports the quote.
STRING     : '"' ~["\n]* '"' ;
UNTERMINATED : '"' ~["\n]* ;
VARIABLE   : '$' NAMECHARS ;
SETREF     : '@' NAMECHARS ;
HEX        : '0x' [0-9a-fA-F]+ ;
IPV4       : DIGITS '.' DIGITS '.' DIGITS '.' DIGITS ;
// IPv6 and MAC addresses: hex groups with colons (`::1`, `fe80::/10` is IPV6 SLASH NUMBER).
IPV6       : [0-9a-fA-F]* ':' [0-9a-fA-F:]* ':' [0-9a-fA-F:]* ( DIGITS '.' DIGITS '.' DIGITS '.' DIGITS )?
           | [0-9a-fA-F]+ ':' [0-9a-fA-F]+ ( ':' [0-9a-fA-F]+ )+ ;
NUMBER     : DIGITS ;
// 1h30m, 10s, 100mbytes: a number with a unit
NUMUNIT    : DIGITS [a-zA-Z] [a-zA-Z0-9]* ;
// a trailing * is an interface wildcard (iifname ens*)
WORD       : [a-zA-Z_] NAMECHARS? '*'? ;

NL         : '\n' ;
CONTINUE   : '\\' '\n' -> skip ;
WS         : [ \t]+ -> skip ;
COMMENT    : '#' ~[\n]* -> channel(HIDDEN) ;
JUNK       : . ;

fragment DIGITS    : [0-9]+ ;
fragment NAMECHARS : [a-zA-Z0-9/_.\-]+ ;
