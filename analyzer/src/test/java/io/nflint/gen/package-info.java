/**
 * Deterministic generators of realistic large dumps (kube-proxy iptables and nftables modes, Docker
 * hosts) for benchmarks and scale tests: {@link io.nflint.gen.KubeProxyDumpGenerator},
 * {@link io.nflint.gen.DockerHostDumpGenerator}, {@link io.nflint.gen.NftKubeProxyGenerator}. A seed
 * gives the same file on every machine, so runs compare.
 */
package io.nflint.gen;
