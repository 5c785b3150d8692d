package io.nflint.symbolic.z3;

import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A main routing table as the kernel's longest-prefix match sees it: the address space cut into
 * disjoint intervals, each with the device its addresses leave by (null: no route, or a route that
 * does not forward). Prefixes are nested or disjoint, so one sweep in address order with a stack of
 * the open prefixes finds the innermost one over every stretch; neighbouring stretches with the same
 * device are merged. The solver then sees a balanced search over interval ends (about 2n terms, depth
 * log n) instead of one {@code ite} per route checked in priority order: 300,000 routes are a few
 * hundred thousand comparisons with constants, built once per address term.
 */
final class RouteIntervals {

    /** Interval {@code i} runs from the end of interval {@code i - 1} (exclusive) to {@code ends[i]}; devices[i] its device. */
    final List<Ip> ends = new ArrayList<>();
    final List<String> devices = new ArrayList<>();

    private record Open(Ip last, String device) {
    }

    /** {@code routes} in lookup order (longest prefix first, then metric): of equal prefixes the first wins. */
    static RouteIntervals of(List<HostFacts.RouteEntry> routes, boolean v6) {
        Set<IpNet> seen = new HashSet<>();
        List<HostFacts.RouteEntry> unique = new ArrayList<>();
        for (HostFacts.RouteEntry r : routes) {
            if (r.destination().v6() == v6 && seen.add(r.destination())) {
                unique.add(r);
            }
        }
        // by first address, and of prefixes starting together the wider (outer) one first
        unique.sort(Comparator.<HostFacts.RouteEntry, Ip>comparing(r -> r.destination().first())
                .thenComparingInt(r -> r.destination().length()));
        RouteIntervals out = new RouteIntervals();
        Deque<Open> open = new ArrayDeque<>();
        Ip next = IpNet.any(v6).first();
        boolean done = false;
        for (HostFacts.RouteEntry r : unique) {
            Ip start = r.destination().first();
            while (!open.isEmpty() && open.peek().last().compareTo(start) < 0) {
                Open o = open.pop();
                if (next.compareTo(o.last()) <= 0) {
                    out.add(o.last(), o.device());
                    next = o.last().plus(1);
                }
            }
            if (next.compareTo(start) < 0) {
                out.add(start.plus(-1), open.isEmpty() ? null : open.peek().device());
            }
            next = start;
            open.push(new Open(r.destination().last(), r.device()));
        }
        while (!open.isEmpty()) {
            Open o = open.pop();
            if (next.compareTo(o.last()) <= 0) {
                out.add(o.last(), o.device());
                if (o.last().equals(IpNet.any(v6).last())) {
                    done = true;
                    break;
                }
                next = o.last().plus(1);
            }
        }
        if (!done) {
            out.add(IpNet.any(v6).last(), null);
        }
        return out;
    }

    private void add(Ip last, String device) {
        int n = ends.size();
        if (n > 0 && java.util.Objects.equals(devices.get(n - 1), device)) {
            ends.set(n - 1, last);
        } else {
            ends.add(last);
            devices.add(device);
        }
    }

    /** The device for {@code address} (tests compare this with the host model's own lookup). */
    String lookup(Ip address) {
        int lo = 0;
        int hi = ends.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (address.compareTo(ends.get(mid)) <= 0) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return devices.get(lo);
    }

    /** By value: two hosts with the same routes have equal facts (a diff compares them to choose its region). */
    @Override
    public boolean equals(Object o) {
        return o instanceof RouteIntervals r && ends.equals(r.ends) && devices.equals(r.devices);
    }

    @Override
    public int hashCode() {
        return 31 * ends.hashCode() + devices.hashCode();
    }
}
