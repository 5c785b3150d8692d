package io.nflint.rules;

/** The metadata of a check that exists only in a test: a warning with its own ID, structural. */
final class TestCheckInfo {

    private TestCheckInfo() {
    }

    static CheckInfo of(String id) {
        return new CheckInfo() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return CheckInfo.class;
            }

            @Override
            public String id() {
                return id;
            }

            @Override
            public String name() {
                return "test-" + id;
            }

            @Override
            public String summary() {
                return "test";
            }

            @Override
            public Severity severity() {
                return Severity.WARNING;
            }

            @Override
            public Engine[] engines() {
                return new Engine[] {Engine.STRUCTURE};
            }

            @Override
            public boolean inputError() {
                return false;
            }
        };

    }
}
