/*
 * The nft language: commands, blocks and rules. Rules and set/flowtable/object bodies are read as
 * sequences of terms; the builder types them into statements and expressions (as the iptables
 * parser types match options in its builder), so the grammar stays small and SLL-fast on 100k-line
 * kube-proxy rulesets. Chain headers are structured here because nft's own errors point into them
 * (`priority filter policy drop` → "unexpected policy").
 */
parser grammar NftParser;

options { tokenVocab = NftLexer; }

file       : sep* ( command ( sep+ command )* sep* )? EOF ;
sep        : NL | SEMI ;

command    : INCLUDE STRING                                              # include
           | ( DEFINE | REDEFINE ) name ASSIGN term+                     # define
           | UNDEFINE name                                               # undefine
           | FLUSH RULESET name?                                         # flushRuleset
           | verb=( ADD | CREATE | DELETE | DESTROY | FLUSH | LIST | RESET ) objectCommand  # verbCommand
           | tableBlock                                                  # tableCommand
           | chainCommand                                                # bareChain
           | setCommand                                                  # bareSet
           | verb=( ADD | INSERT | REPLACE | DELETE | DESTROY ) RULE ruleBody  # ruleCommand
           | RULE ruleBody                                               # bareRule
           | verb=( ADD | CREATE | DELETE | DESTROY | FLUSH ) ELEMENT ruleBody # elementCommand
           | verb=( LIST | RESET ) term*                                 # otherCommand
           ;

objectCommand
           : tableBlock
           | chainCommand
           | setCommand
           | FLOWTABLE ref ref ref? ( LBRACE body RBRACE )?
           | TABLE ref ref?
           | RULESET name?
           | word name+ ( LBRACE body RBRACE )?
           ;

tableBlock : TABLE ref ref? LBRACE tableItem? ( sep+ tableItem )* sep* RBRACE ;
chainCommand : CHAIN ref ref ref? ( LBRACE chainBody RBRACE )? ;
setCommand : kind=( SET | MAP ) ref ref ref? ( LBRACE body RBRACE )? ;

tableItem  : CHAIN name LBRACE chainBody RBRACE                          # chainBlock
           | kind=( SET | MAP ) name LBRACE body RBRACE                  # setBlock
           | FLOWTABLE name LBRACE body RBRACE                           # flowtableBlock
           | word+ name? LBRACE body RBRACE                              # objectBlock
           | ( DEFINE | REDEFINE ) name ASSIGN term+                     # tableDefine
           | UNDEFINE name                                               # tableUndefine
           | term+                                                       # tableOption
           ;

chainBody  : sep* ( chainItem ( sep+ chainItem )* sep* )? ;
chainItem  : TYPE name HOOK name ( DEVICE term | DEVICES ASSIGN braced )? PRIORITY prio   # baseChainHeader
           | POLICY term                                                 # chainPolicy
           | DEVICES ASSIGN braced                                       # chainDevices
           | DEVICE term                                                 # chainDevice
           | ( DEFINE | REDEFINE ) name ASSIGN term+                     # chainDefine
           | UNDEFINE name                                               # chainUndefine
           | ruleBody                                                    # chainRule
           ;

prio       : ( MINUS? ( NUMBER | WORD | VARIABLE ) ) ( ( PLUS | MINUS ) NUMBER )* ;

body       : sep* ( bodyItem ( sep+ bodyItem )* sep* )? ;
bodyItem   : bodyTerm+ ;
bodyTerm   : term | POLICY | DEVICES | DEVICE | HOOK | PRIORITY ;

ruleBody   : term+ ;

term       : word | STRING | VARIABLE | SETREF | HEX | IPV4 | IPV6 | NUMBER | NUMUNIT
           | braced | paren | bracket
           | EQEQ | NEQ | LTE | GTE | SHL | SHR | LT | GT | ASSIGN | AMP | PIPE | CARET | BANG
           | MINUS | PLUS | SLASH | STAR | COLON | DOT | COMMA
           ;

braced     : LBRACE ( term | NL | SEMI )* RBRACE ;
paren      : LPAREN ( term | NL )* RPAREN ;
bracket    : LBRACKET ( term | NL )* RBRACKET ;

// Words that are keywords elsewhere but plain words inside rules and bodies.
word       : WORD | SET | MAP | TYPE | ADD | DELETE | INSERT | RESET | LIST | CREATE | REPLACE | DESTROY ;
name       : word | STRING | VARIABLE | NUMBER | NUMUNIT | CHAIN | TABLE | FLOWTABLE | HOOK | PRIORITY | POLICY | DEVICE | RULESET ;
ref        : name ;
