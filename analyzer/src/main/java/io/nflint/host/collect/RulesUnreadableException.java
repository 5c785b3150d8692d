package io.nflint.host.collect;

import java.io.IOException;

/** The rules could not be read (not root, no CAP_NET_ADMIN): no bundle is written without its dumps. */
public final class RulesUnreadableException extends IOException {

    private static final long serialVersionUID = 1L;

    public RulesUnreadableException(String message) {
        super(message);
    }
}
