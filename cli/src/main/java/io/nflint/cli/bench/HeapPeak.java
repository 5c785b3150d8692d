package io.nflint.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.function.Supplier;

/** Times a phase and reads the heap pools' peak usage during it (after a GC beforehand). */
final class HeapPeak {

    private HeapPeak() {
    }

    record Timed<T>(T value, Measurement measurement) {
    }

    static <T> Timed<T> measure(String phase, Supplier<T> work) {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
        long start = System.nanoTime();
        T value = work.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return new Timed<>(value, new Measurement(phase, millis, peak, null));
    }
}
