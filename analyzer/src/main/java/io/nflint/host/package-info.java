/**
 * The host around a rule set: interfaces, routes, sysctls, ipsets, containers and listeners, read from
 * a bundle or inferred, with every assumption recorded. {@link io.nflint.host.HostModel} is what both
 * engines and the checks read; bundles are loaded here too. Missing facts become named assumptions
 * rather than silent defaults, because a finding is only as good as what it assumed.
 */
package io.nflint.host;
