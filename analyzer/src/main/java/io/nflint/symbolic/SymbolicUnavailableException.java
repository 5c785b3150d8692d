package io.nflint.symbolic;

/** Z3's native library could not be loaded; the message says why and what still works. */
public final class SymbolicUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SymbolicUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
