package io.nflint.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Shared set-up for kernel tests: skip with a printed reason, find the sample dumps. */
public final class KernelAssumptions {

    private static Optional<String> cachedReason;

    private KernelAssumptions() {
    }

    /** Call from {@code @BeforeAll}: skips the class, printing why, where namespaces cannot be made. */
    public static synchronized void assumeKernelLab() {
        if (cachedReason == null) {
            cachedReason = KernelLab.unavailableReason();
        }
        cachedReason.ifPresent(reason -> System.out.println("[kernel-lab] skipping kernel tests: " + reason));
        Assumptions.assumeTrue(cachedReason.isEmpty(), () -> "kernel lab unavailable: " + cachedReason.orElse(""));
    }

    /** samples/trace/NAME from the repository root (surefire sets nflint.root; an IDE may not). */
    public static String traceSample(String name) {
        return KernelLab.readFile(samplesDir().resolve(name));
    }

    public static Path samplesDir() {
        String root = System.getProperty("nflint.root");
        if (root != null && Files.isDirectory(Path.of(root, "samples", "trace"))) {
            return Path.of(root, "samples", "trace");
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("samples/trace"))) {
                return p.resolve("samples/trace");
            }
        }
        throw new IllegalStateException("samples/trace not found (set -Dnflint.root)");
    }
}
