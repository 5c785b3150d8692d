/**
 * The lowered rule form: each match module's meaning written once, as a predicate over named packet
 * and state fields, which both engines read.
 *
 * <p>Entry points: {@link io.nflint.lower.MatchLowering#lower} (one match: its {@link io.nflint.lower.Pred}
 * and {@link io.nflint.lower.Capabilities}), {@link io.nflint.lower.LoweredRule#of} (a rule, in its
 * order), {@link io.nflint.lower.LoweredRuleset#of} (every rule of a ruleset once, by identity), and
 * {@link io.nflint.lower.Conjuncts} (what a rule certainly requires: boxes, chain indexes, the
 * port-mapping extractor, the probes). {@code MatchLowering} implements {@code Match.Visitor}, so a
 * new match record does not compile until it is lowered here.
 *
 * <p>Readers: the walker ({@code walk.PredEval}) evaluates a predicate on its one packet in Kleene's
 * logic; the symbolic engine ({@code symbolic.MatchEncoder}) encodes it, and a match that reads a
 * field the encoding has no term for becomes one fresh "may" variable. {@link io.nflint.lower.Pred.Opaque}
 * carries the text and the reason a finding or a fork prints.
 *
 * <h2>Known differences between the engines (kept so that findings stay as they were)</h2>
 * <ul>
 *   <li>{@code --ctstate SNAT/DNAT} lowers to {@link io.nflint.lower.Field#CT_STATUS}; the walker reads
 *       it from its connection, the symbolic engine has no NAT-status term and says "may".</li>
 *   <li>The conntrack tuple ({@code --ctorigdst} …) is read by the walker only; {@code --ctproto} is
 *       the packet's protocol in the symbolic engine and the tracked tuple's in the walker.</li>
 *   <li>{@code --limit-iface-in/out} address types and subnet broadcasts: walker only.</li>
 *   <li>{@link io.nflint.lower.Pred.Implied} protocol guards of tcp/udp/multiport are checked by the
 *       walker and left to the rule's own {@code -p} by the symbolic engine (the kernel refuses the
 *       rule without it).</li>
 *   <li>Mark tests: the symbolic engine compares {@code value & mask} (iptables-save never prints a
 *       value outside its mask); TCP flags compare the value as written.</li>
 * </ul>
 *
 * <h2>nftables lowers into the same vocabulary ({@link io.nflint.lower.nft}; the walker reads it, the symbolic engine not yet)</h2>
 * <ul>
 *   <li>{@code NftExpr.Payload} {@code ip saddr}/{@code ip6 daddr} → {@code IP_SADDR}/{@code IP_DADDR};
 *       {@code tcp dport}, {@code udp sport}, {@code th dport} → {@code TH_DPORT}/{@code TH_SPORT} (with
 *       an {@code Implied} protocol guard for tcp/udp, as nft adds {@code meta l4proto} itself);
 *       {@code tcp flags} → {@code TCP_FLAGS}; {@code icmp type} → {@code ICMP_TYPE}; {@code ether saddr}
 *       → {@code ETHER_SADDR}; {@code ip ttl}/{@code ip6 hoplimit} → {@code IP_TTL}; {@code RawPayload}
 *       without a named field → {@code Opaque}.</li>
 *   <li>{@code NftExpr.Meta}: {@code l4proto} → {@code L4PROTO}, {@code iifname/oifname} → {@code IIFNAME}/{@code OIFNAME}
 *       ({@code iif/oif} by index likewise, by the host's names), {@code ibrname/obrname} → {@code IBRNAME}/{@code OBRNAME},
 *       {@code mark} → {@code META_MARK}, {@code pkttype} → {@code PKTTYPE}, {@code nfproto}/{@code protocol}
 *       → {@code ETHER_TYPE}, {@code skuid/skgid} → {@code IfAbsent(SOCKET, …)}.</li>
 *   <li>{@code NftExpr.Ct}: {@code state} → {@code CT_STATE}, {@code status} → {@code CT_STATUS}, {@code mark}
 *       → {@code CT_MARK}, {@code protocol} → {@code CT_PROTO}, {@code original/reply saddr/daddr/proto-src/proto-dst}
 *       → the {@code CT_ORIGINAL_*}/{@code CT_REPLY_*} fields; {@code direction}, {@code expiration},
 *       {@code helper} → {@code Opaque} until modelled.</li>
 *   <li>{@code NftExpr.Fib} with result {@code type}: {@code fib saddr type} → {@code FIB_SADDR_TYPE},
 *       {@code fib daddr . iif type} → {@code FIB_DADDR_IIF_TYPE}; {@code oif} results → {@code Opaque}.</li>
 *   <li>Comparisons: {@code ==}/{@code !=} → {@code Test}/{@code Not(Test)}; {@code Prefix} → {@code Values.Nets};
 *       {@code Range} → {@code Values.Interval} or {@code Values.Addresses}; {@code Binop &} against a value
 *       → {@code Values.Masked}; {@code Flags} → {@code Values.Symbols}; an anonymous {@code SetLiteral} →
 *       {@code Any} of tests.</li>
 *   <li>{@code SetRef} lookups, also over a {@code Concat} of fields ({@code ip saddr . tcp dport @allowed}),
 *       → {@code SetLookup} over that list of fields. Today's ipset lookups name, per dimension, the
 *       packet side ({@code src,dst}) that the set's type turns into a field ({@code hash:ip,port} with
 *       {@code src,dst} is ip saddr . th dport); nft lookups will name the fields themselves, which is
 *       the one extension {@code SetLookup} needs. A verdict map's key lowers the same way.</li>
 *   <li>{@code Numgen}, {@code Hash}, limits, quotas → {@code Opaque} (both engines fork), like
 *       {@code -m statistic}.</li>
 * </ul>
 */
package io.nflint.lower;
