package io.nflint.walk;

/**
 * One nondeterministic decision the walk made to reach an outcome: which rule, what was unknown,
 * and which way it went ({@code matched}).
 */
public record Choice(String where, String why, boolean matched) {

    @Override
    public String toString() {
        return where + ": " + why + (matched ? " — taken as matching" : " — taken as not matching");
    }
}
