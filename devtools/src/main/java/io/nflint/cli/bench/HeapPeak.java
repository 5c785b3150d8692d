package io.nflint.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.function.Supplier;

/**
 * Times a phase and reads the heap pools' peak usage and the process's peak RSS during it (after a
 * GC beforehand, so garbage of earlier phases does not count). A phase that runs out of memory is
 * reported as such instead of ending the benchmark.
 */
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
        boolean rss = ResidentPeak.reset();
        long start = System.nanoTime();
        T value;
        try {
            value = work.get();
        } catch (OutOfMemoryError e) {
            System.gc();
            return new Timed<>(null, Measurement.failed(phase, "out of memory (max heap "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB) after "
                    + (System.nanoTime() - start) / 1_000_000 + " ms"));
        } catch (RuntimeException e) {
            return new Timed<>(null, Measurement.failed(phase, "failed: " + e.getMessage()));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return new Timed<>(value, new Measurement(phase, millis, peak, rss ? ResidentPeak.peakBytes() : -1, null));
    }
}
