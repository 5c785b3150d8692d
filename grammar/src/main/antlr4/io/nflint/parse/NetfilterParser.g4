/*
 * One line of a netfilter dump. The structure is shallow on purpose: which options take how many
 * values, and what they mean, depends on the match modules a rule loads, so the builder
 * (io.nflint.parse) interprets options with per-module tables, as iptables itself does with getopt.
 */
parser grammar NetfilterParser;

options { tokenVocab = NetfilterLexer; }

line
    : ( commentLine | tableHeader | chainDecl | commitLine | command )? EOF
    ;

commentLine : COMMENT ;

tableHeader : TABLE extra+=value* ;

chainDecl   : CHAIN policy=value? counters=value? extra+=value* ;

commitLine  : COMMIT extra+=value* ;

// A restore command, a listing line or a pasted shell line: optional leading words
// (`[pkts:bytes]`, `iptables`, `sudo iptables`), then options.
command     : lead+=WORD* option+ ;

// `! --opt v`, and the old `--opt ! v` that ebtables-save 1.8 still prints.
option      : neg=BANG? name=( LONG_OPT | SHORT_OPT ) neg2=BANG? values+=value* ;

value       : WORD | quoted ;

quoted      : DQUOTE QTEXT? QEND ;
