/**
 * Each check's markdown page, kept as a resource beside {@link io.nflint.rules.docs.CheckDocs}, so the
 * docs ship with the jar and a test can insist every check has one.
 */
package io.nflint.rules.docs;
