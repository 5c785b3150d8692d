package io.nflint.cli.check;

import io.nflint.ir.Family;

/**
 * One dump's bytes as read, with the name findings will carry and, for a bundle's files, the family
 * its file name implies (null: let the parser detect it).
 */
public record DumpInput(String displayName, byte[] content, Family family) {
}
