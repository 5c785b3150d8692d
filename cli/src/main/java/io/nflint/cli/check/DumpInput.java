package io.nflint.cli.check;

import io.nflint.ir.Family;

/**
 * One dump's bytes as read, with the name findings will carry and, for a bundle's files, the family
 * its file name implies (null: let the parser detect it) and where it is on disk (null for stdin), which
 * nft includes are resolved against.
 */
public record DumpInput(String displayName, byte[] content, Family family, java.nio.file.Path location) {

    public DumpInput(String displayName, byte[] content, Family family) {
        this(displayName, content, family, null);
    }
}
