package io.nflint.gen;

import java.util.List;

/**
 * The ruleset kube-proxy's nftables mode feeds {@code nft -f} (its command form: {@code add chain},
 * {@code add rule}, {@code add element}), for the services of {@link KubeProxyDumpGenerator}: the
 * base chains and verdict maps ({@code service-ips}, {@code service-nodeports},
 * {@code no-endpoint-services}), a chain per service choosing an endpoint with
 * {@code numgen random mod N vmap}, and a chain per endpoint that DNATs.
 */
public final class NftKubeProxyGenerator {

    private NftKubeProxyGenerator() {
    }

    private static final String BASE = """
            add table ip kube-proxy { comment "rules for kube-proxy" ; }
            add chain ip kube-proxy mark-for-masquerade
            add chain ip kube-proxy masquerading
            add chain ip kube-proxy services
            add chain ip kube-proxy reject-chain { comment "helper for @no-endpoint-services / @no-endpoint-nodeports" ; }
            add chain ip kube-proxy firewall-check
            add chain ip kube-proxy service-endpoints-check
            add chain ip kube-proxy nodeport-endpoints-check
            add chain ip kube-proxy cluster-ips-check
            add chain ip kube-proxy filter-prerouting-pre-dnat { type filter hook prerouting priority -110 ; }
            add chain ip kube-proxy filter-output-pre-dnat { type filter hook output priority -110 ; }
            add chain ip kube-proxy filter-forward { type filter hook forward priority 0 ; }
            add chain ip kube-proxy filter-input { type filter hook input priority 0 ; }
            add chain ip kube-proxy filter-output { type filter hook output priority 0 ; }
            add chain ip kube-proxy nat-output { type nat hook output priority -100 ; }
            add chain ip kube-proxy nat-postrouting { type nat hook postrouting priority 100 ; }
            add chain ip kube-proxy nat-prerouting { type nat hook prerouting priority -100 ; }
            add set ip kube-proxy cluster-ips { type ipv4_addr ; comment "Active ClusterIPs" ; }
            add set ip kube-proxy nodeport-ips { type ipv4_addr ; comment "IPs that accept NodePort traffic" ; }
            add map ip kube-proxy firewall-ips { type ipv4_addr . inet_proto . inet_service : verdict ; }
            add map ip kube-proxy no-endpoint-nodeports { type inet_proto . inet_service : verdict ; }
            add map ip kube-proxy no-endpoint-services { type ipv4_addr . inet_proto . inet_service : verdict ; }
            add map ip kube-proxy service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; }
            add map ip kube-proxy service-nodeports { type inet_proto . inet_service : verdict ; }
            add rule ip kube-proxy mark-for-masquerade mark set mark or 0x4000
            add rule ip kube-proxy masquerading mark and 0x4000 == 0 return
            add rule ip kube-proxy masquerading mark set mark xor 0x4000
            add rule ip kube-proxy masquerading masquerade fully-random
            add rule ip kube-proxy reject-chain reject
            add rule ip kube-proxy cluster-ips-check ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"
            add rule ip kube-proxy cluster-ips-check ip daddr { 10.96.0.0/12 } drop comment "Drop traffic to unallocated ClusterIPs"
            add rule ip kube-proxy filter-prerouting-pre-dnat ct state new jump firewall-check
            add rule ip kube-proxy filter-output-pre-dnat ct state new jump firewall-check
            add rule ip kube-proxy filter-forward ct state new jump service-endpoints-check
            add rule ip kube-proxy filter-forward ct state new jump cluster-ips-check
            add rule ip kube-proxy filter-input ct state new jump nodeport-endpoints-check
            add rule ip kube-proxy filter-input ct state new jump service-endpoints-check
            add rule ip kube-proxy filter-output ct state new jump service-endpoints-check
            add rule ip kube-proxy filter-output ct state new jump cluster-ips-check
            add rule ip kube-proxy firewall-check ip daddr . meta l4proto . th dport vmap @firewall-ips
            add rule ip kube-proxy nat-output jump services
            add rule ip kube-proxy nat-postrouting jump masquerading
            add rule ip kube-proxy nat-prerouting jump services
            add rule ip kube-proxy nodeport-endpoints-check ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports
            add rule ip kube-proxy service-endpoints-check ip daddr . meta l4proto . th dport vmap @no-endpoint-services
            add rule ip kube-proxy services ip daddr . meta l4proto . th dport vmap @service-ips
            add rule ip kube-proxy services ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports
            add element ip kube-proxy nodeport-ips { 192.168.0.2 }
            """;

    public static String render(List<KubeProxyDumpGenerator.Service> services) {
        StringBuilder sb = new StringBuilder(services.size() * 900);
        sb.append(BASE);
        java.util.Set<String> nodePorts = new java.util.HashSet<>();
        for (KubeProxyDumpGenerator.Service s : services) {
            String id = String.format("%08X", (s.namespace() + "/" + s.name()).hashCode());
            String svc = s.namespace() + "/" + s.name() + "/" + s.proto() + "/p" + s.port();
            String tuple = s.clusterIp() + " . " + s.proto() + " . " + s.port();
            sb.append("add element ip kube-proxy cluster-ips { ").append(s.clusterIp()).append(" }\n");
            if (s.endpoints().isEmpty()) {
                sb.append("add element ip kube-proxy no-endpoint-services { ").append(tuple)
                        .append(" comment \"").append(svc).append("\" : goto reject-chain }\n");
                continue;
            }
            String chain = "service-" + id + "-" + svc;
            StringBuilder vmap = new StringBuilder();
            for (int i = 0; i < s.endpoints().size(); i++) {
                String ep = s.endpoints().get(i);
                String epChain = "endpoint-" + id + "-" + svc + "__" + ep + "/" + s.targetPort();
                sb.append("add chain ip kube-proxy ").append(epChain).append('\n');
                sb.append("add rule ip kube-proxy ").append(epChain).append(" ip saddr ").append(ep)
                        .append(" jump mark-for-masquerade\n");
                sb.append("add rule ip kube-proxy ").append(epChain).append(" meta l4proto ").append(s.proto())
                        .append(" dnat to ").append(ep).append(':').append(s.targetPort()).append('\n');
                vmap.append(i == 0 ? "" : " , ").append(i).append(" : goto ").append(epChain);
            }
            sb.append("add chain ip kube-proxy ").append(chain).append('\n');
            sb.append("add rule ip kube-proxy ").append(chain).append(" ip daddr ").append(s.clusterIp())
                    .append(" ip saddr != 10.0.0.0/8 jump mark-for-masquerade\n");
            sb.append("add rule ip kube-proxy ").append(chain).append(" numgen random mod ").append(s.endpoints().size())
                    .append(" vmap { ").append(vmap).append(" }\n");
            sb.append("add element ip kube-proxy service-ips { ").append(tuple).append(" : goto ").append(chain)
                    .append(" }\n");
            // a node port belongs to one service (the generator's numbers repeat past 2768 services)
            if (s.nodePort() > 0 && nodePorts.add(s.proto() + " " + s.nodePort())) {
                sb.append("add element ip kube-proxy service-nodeports { ").append(s.proto()).append(" . ")
                        .append(s.nodePort()).append(" : goto ").append(chain).append(" }\n");
            }
        }
        return sb.toString();
    }
}
