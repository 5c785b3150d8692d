package io.nflint.rules;

/** One check: a class annotated with {@link CheckInfo}, registered in {@link CheckRegistry}. */
public interface Check {

    void run(CheckContext context, FindingSink sink);

    default CheckInfo info() {
        CheckInfo info = getClass().getAnnotation(CheckInfo.class);
        if (info == null) {
            throw new IllegalStateException(getClass().getName() + " has no @CheckInfo");
        }
        return info;
    }
}
