package io.nflint.symbolic.z3;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The interval map gives every address the device the first matching route in lookup order gives it. */
class RouteIntervalsTest {

    private static String naive(List<HostFacts.RouteEntry> routes, Ip a) {
        for (HostFacts.RouteEntry r : routes) {
            if (r.destination().contains(a)) {
                return r.device();
            }
        }
        return null;
    }

    private static List<HostFacts.RouteEntry> table(Random rnd, int n, boolean v6, boolean withDefault) {
        List<HostFacts.RouteEntry> routes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 8 + rnd.nextInt(v6 ? 121 : 25);
            Ip base = v6 ? new Ip(true, 0x20010db8_00000000L | (rnd.nextLong() & 0xffffffffL), rnd.nextLong())
                    : Ip.v4(10, rnd.nextInt(4), rnd.nextInt(256), rnd.nextInt(256));
            IpNet net = IpNet.of(base, len);
            String dev = rnd.nextInt(10) == 0 ? null : "eth" + rnd.nextInt(4);
            routes.add(new HostFacts.RouteEntry(IpNet.of(net.first(), len), dev));
        }
        if (withDefault) {
            routes.add(new HostFacts.RouteEntry(IpNet.any(v6), "wan"));
        }
        // lookup order, as HostFacts gives it: longest prefix first, ties in listed order
        routes.sort(Comparator.comparingInt(r -> -r.destination().length()));
        return routes;
    }

    @Test
    void agreesWithFirstMatchOnRandomTables() {
        Random rnd = new Random(7);
        for (int round = 0; round < 200; round++) {
            boolean v6 = round % 4 == 3;
            List<HostFacts.RouteEntry> routes = table(rnd, 1 + rnd.nextInt(60), v6, round % 2 == 0);
            RouteIntervals map = RouteIntervals.of(routes, v6);
            for (int k = 0; k < 300; k++) {
                HostFacts.RouteEntry r = routes.get(rnd.nextInt(routes.size()));
                // the edges of a route and addresses just outside it are where a sweep goes wrong
                Ip a = switch (k % 4) {
                    case 0 -> r.destination().first();
                    case 1 -> r.destination().last();
                    case 2 -> r.destination().first().plus(-1);
                    default -> r.destination().last().plus(1);
                };
                assertThat(map.lookup(a)).as("%s in %s", a, routes).isEqualTo(naive(routes, a));
            }
            assertThat(map.ends.get(map.ends.size() - 1)).isEqualTo(IpNet.any(v6).last());
        }
    }

    @Test
    void neighboursWithOneDeviceBecomeOneInterval() {
        List<HostFacts.RouteEntry> routes = new ArrayList<>();
        for (int i = 0; i < 300_000; i++) {
            routes.add(new HostFacts.RouteEntry(IpNet.of(Ip.v4(0x0a000000 + (i << 8)), 24), "eth0"));
        }
        routes.add(new HostFacts.RouteEntry(IpNet.any(false), "eth1"));
        RouteIntervals map = RouteIntervals.of(routes, false);
        assertThat(map.ends).hasSize(3);
        assertThat(map.lookup(Ip.v4(10, 1, 2, 3))).isEqualTo("eth0");
        assertThat(map.lookup(Ip.v4(9, 1, 2, 3))).isEqualTo("eth1");
    }
}
