package io.nflint.host;

import java.nio.file.Path;

/**
 * A bundle file that cannot be read as the format its name promises. Line and column are 1-based;
 * 0 means the format (or the failure, e.g. an unreadable file) has no position to point at.
 */
public final class BundleFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final int column;
    private final String detail;

    public BundleFormatException(Path file, int line, int column, String message) {
        super(render(file, line, column, message));
        this.file = file;
        this.line = line;
        this.column = column;
        this.detail = message;
    }

    public BundleFormatException(Path file, int line, int column, String message, Throwable cause) {
        this(file, line, column, message);
        initCause(cause);
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The message without the {@code file:line:col:} prefix. */
    public String detail() {
        return detail;
    }

    private static String render(Path file, int line, int column, String message) {
        StringBuilder sb = new StringBuilder(String.valueOf(file));
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        return sb.append(": ").append(message).toString();
    }
}
