package io.nflint.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What nflint reads from disk is checked before it is read: a directory, a device such as
 * {@code /dev/zero}, a dangling link or a file larger than the limit for its kind is refused with a
 * sentence that says why (and, for size, how to raise the limit), instead of filling the heap.
 */
public final class InputFiles {

    /** A kind of input with its own size limit, raised with {@code -Dnflint.limit.NAME=SIZE}. */
    public enum Limit {
        /** iptables-save output: a 50k-service kube-proxy dump is about 100 MB. */
        DUMP("dump", 1L << 30),
        /** ip -j, docker inspect output. */
        JSON("json", 256L << 20),
        /** sysctl.txt, ss-listen.txt. */
        TEXT("text", 64L << 20),
        /** .nflint.yaml. */
        CONFIG("config", 1L << 20),
        /** --baseline. */
        BASELINE("baseline", 256L << 20);

        private final String name;
        private final long defaultBytes;

        /** A counted limit (not a size) set by {@code -Dproperty=N}, else {@code fallback}: read here, with the size limits. */
        static long count(String property, long fallback) {
            return Long.getLong(property, fallback);
        }

        Limit(String name, long defaultBytes) {
            this.name = name;
            this.defaultBytes = defaultBytes;
        }

        public String property() {
            return "nflint.limit." + name;
        }

        /** The limit in bytes: the system property when set and valid, else the default. */
        public long bytes() {
            String v = System.getProperty(property());
            long b = v == null ? -1 : parseSize(v);
            return Math.min(b > 0 ? b : defaultBytes, Integer.MAX_VALUE - 64);
        }

        /**
         * The limit {@code value} sets (a size such as {@code 2g}; null or blank: the default); a
         * malformed size is refused naming the property, as the command line does before it runs.
         */
        public long parse(String value) {
            if (value == null || value.isBlank()) {
                return Math.min(defaultBytes, Integer.MAX_VALUE - 64);
            }
            long b = parseSize(value);
            if (b <= 0) {
                throw new IllegalArgumentException("-D" + property() + "=" + value + ": expected a size in bytes,"
                        + " or with k, m or g (default " + human(defaultBytes) + ")");
            }
            return Math.min(b, Integer.MAX_VALUE - 64);
        }

        String tooLarge(long size) {
            return "is " + human(size) + ", over nflint's limit of " + human(bytes()) + " for a " + name
                    + " file; raise it with NFLINT_JAVA_OPTS=-D" + property() + "=" + raise(size)
                    + " (or java -D" + property() + "=" + raise(size) + " -jar nflint.jar)";
        }
    }

    /** Thrown when a file cannot be read as an input; the message completes "cannot read FILE: …". */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        public Refused(String reason) {
            super(reason);
        }
    }

    private InputFiles() {
    }

    /**
     * Why {@code p} cannot be read as a file, or null when it is a regular file (or, with
     * {@code pipes}, a FIFO such as bash's {@code <(iptables-save)}).
     */
    public static String typeProblem(Path p, boolean pipes) {
        if (!Files.exists(p)) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                String target;
                try {
                    target = " to " + Files.readSymbolicLink(p);
                } catch (IOException | UnsupportedOperationException e) {
                    target = "";
                }
                return "is a dangling symbolic link" + target;
            }
            return "no such file or directory";
        }
        if (Files.isRegularFile(p)) {
            return null;
        }
        if (Files.isDirectory(p)) {
            return "is a directory, not a file";
        }
        int type = mode(p) & 0170000;
        return switch (type) {
            case 0010000 -> pipes ? null : "is a FIFO (named pipe), not a regular file";
            case 0020000 -> "is a character device (like /dev/zero), not a regular file";
            case 0060000 -> "is a block device, not a regular file";
            case 0140000 -> "is a socket, not a regular file";
            default -> "is not a regular file";
        };
    }

    /** Refuses {@code p} by type (FIFOs too) or by size for {@code limit}. */
    public static void check(Path p, Limit limit) throws Refused {
        String problem = typeProblem(p, false);
        if (problem != null) {
            throw new Refused(problem);
        }
        long size;
        try {
            size = Files.size(p);
        } catch (IOException e) {
            throw new Refused(String.valueOf(e.getMessage()));
        }
        if (size > limit.bytes()) {
            throw new Refused(limit.tooLarge(size));
        }
    }

    /**
     * Reads {@code p} whole, refusing it by type or size first; a FIFO is read when {@code pipes},
     * up to the limit (a pipe has no size to check beforehand).
     */
    public static byte[] read(Path p, Limit limit, boolean pipes) throws IOException {
        String problem = typeProblem(p, pipes);
        if (problem != null) {
            throw new Refused(problem);
        }
        if (Files.isRegularFile(p)) {
            check(p, limit);
        }
        try (InputStream in = Files.newInputStream(p)) {
            return read(in, limit);
        }
    }

    /** Reads a stream (stdin, a pipe) up to the limit: one byte more is refused. */
    public static byte[] read(InputStream in, Limit limit) throws IOException {
        long max = limit.bytes();
        byte[] b = in.readNBytes((int) max);
        if (b.length == max && in.read() >= 0) {
            throw new Refused("is longer than nflint's limit of " + human(max) + " for a " + limit.name
                    + " file; raise it with NFLINT_JAVA_OPTS=-D" + limit.property() + "=" + raise(max * 2));
        }
        return b;
    }

    private static int mode(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:mode");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return 0;
        }
    }

    static long parseSize(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        long mult = 1;
        if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
            mult = t.endsWith("k") ? 1L << 10 : t.endsWith("m") ? 1L << 20 : 1L << 30;
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t);
            return v > 0 && v < Long.MAX_VALUE / mult ? v * mult : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
        }
        return bytes >= 1L << 10 ? (bytes >> 10) + " KB" : bytes + " bytes";
    }

    /** A limit that would admit {@code size}, rounded up to whole megabytes. */
    private static String raise(long size) {
        return ((size >> 20) + 1) + "m";
    }
}
