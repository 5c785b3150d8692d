/**
 * The checks' catalogue for people: {@link io.nflint.cli.catalog.RuleCatalog} (every check's metadata,
 * sorted) behind {@code nflint rules} and {@code nflint explain}.
 */
package io.nflint.cli.catalog;
