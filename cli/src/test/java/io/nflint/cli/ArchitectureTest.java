package io.nflint.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md's one-way arrows: grammar → analyzer → rules → cli, Z3 only in the symbolic package, and
 * no printing inside checks. Runs here because only the cli module sees every other module's classes.
 */
class ArchitectureTest {

    private static final String[] GRAMMAR = {"io.nflint.ir..", "io.nflint.parse..", "io.nflint.nft..", "io.nflint.debug.."};
    private static final String[] ANALYZER = {"io.nflint.host..", "io.nflint.pipeline..", "io.nflint.walk..",
            "io.nflint.symbolic..", "io.nflint.container..", "io.nflint.analysis.."};
    private static final String RULES = "io.nflint.rules..";
    private static final String CLI = "io.nflint.cli..";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // analyzer's test jar (the dump generators for GateDeterminismTest) is test code too
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.nflint");
        // guard against a classpath change that would make every rule pass vacuously
        org.assertj.core.api.Assertions.assertThat(classes.contain("io.nflint.ir.Rule")
                && classes.contain("io.nflint.rules.Finding") && classes.contain("io.nflint.cli.Main")).isTrue();
    }

    private static void check(ArchRule rule) {
        // a package may not exist yet (the analyzer is being written): an empty rule is not a failure
        rule.allowEmptyShould(true).check(classes);
    }

    @Test
    void grammarKnowsNothingDownstream() {
        check(noClasses().that().resideInAnyPackage(GRAMMAR)
                .should().dependOnClassesThat().resideInAnyPackage(concat(ANALYZER, RULES, CLI)));
    }

    @Test
    void analyzerKnowsNeitherChecksNorCli() {
        check(noClasses().that().resideInAnyPackage(ANALYZER)
                .should().dependOnClassesThat().resideInAnyPackage(RULES, CLI));
    }

    @Test
    void rulesKnowNothingOfTheCli() {
        check(noClasses().that().resideInAPackage(RULES).should().dependOnClassesThat().resideInAPackage(CLI));
    }

    @Test
    void irHasNoAntlrTypes() {
        check(noClasses().that().resideInAPackage("io.nflint.ir..")
                .should().dependOnClassesThat().resideInAPackage("org.antlr.."));
    }

    @Test
    void onlySymbolicTouchesZ3() {
        check(noClasses().that().resideOutsideOfPackage("io.nflint.symbolic..")
                .should().dependOnClassesThat().resideInAPackage("com.microsoft.z3.."));
    }

    /** The engine's sub-packages; everything outside the engine sees only {@code io.nflint.symbolic} itself. */
    private static final String[] SYMBOLIC_INSIDE = {"io.nflint.symbolic.z3..", "io.nflint.symbolic.slice..",
            "io.nflint.symbolic.logic..", "io.nflint.symbolic.diff..", "io.nflint.symbolic.replay.."};

    /** Checks never see Z3 types: the engine's API and the slicing (pure header boxes) are free of them. */
    @Test
    void engineApiHasNoZ3Types() {
        check(noClasses().that().resideInAnyPackage("io.nflint.symbolic", "io.nflint.symbolic.slice..")
                .should().dependOnClassesThat().resideInAPackage("com.microsoft.z3.."));
    }

    @Test
    void onlyTheEngineApiIsSeenOutsideTheEngine() {
        check(noClasses().that().resideOutsideOfPackage("io.nflint.symbolic..")
                .should().dependOnClassesThat().resideInAnyPackage(SYMBOLIC_INSIDE));
    }

    /** Results are a function of the input: no clock in parsing, analysis or checks (issue #12). */
    @Test
    void analysisReadsNoClock() {
        check(noClasses().that().resideInAnyPackage(concat(GRAMMAR, concat(ANALYZER, RULES)))
                .and().doNotHaveFullyQualifiedName("io.nflint.symbolic.EngineStats")
                .and().doNotHaveFullyQualifiedName("io.nflint.symbolic.SlowSolverHook")
                .and().resideOutsideOfPackage("io.nflint.host.collect..")
                .should().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.Clock.class, "systemUTC"));
    }

    /**
     * Options reach the engine through one options object the cli reads once (RunOptions): below the
     * cli only the developers' switches, the input size limits and one error message read properties.
     */
    @Test
    void onlyTheCliReadsSystemProperties() {
        check(noClasses().that().resideInAnyPackage(concat(GRAMMAR, concat(ANALYZER, RULES)))
                .and().doNotHaveFullyQualifiedName("io.nflint.debug.DebugSwitches")
                .and().doNotHaveFullyQualifiedName("io.nflint.host.InputFiles$Limit")
                .and().doNotHaveFullyQualifiedName("io.nflint.symbolic.z3.Z3Engine")
                .should().callMethod(System.class, "getProperty", String.class)
                .orShould().callMethod(System.class, "getProperty", String.class, String.class)
                .orShould().callMethod(System.class, "getProperties")
                .orShould().callMethod(Integer.class, "getInteger", String.class)
                .orShould().callMethod(Integer.class, "getInteger", String.class, int.class)
                .orShould().callMethod(Long.class, "getLong", String.class)
                .orShould().callMethod(Long.class, "getLong", String.class, long.class)
                .orShould().callMethod(Boolean.class, "getBoolean", String.class));
    }

    /** A check is one class; what several checks share lives in rules.support, not beside them. */
    @Test
    void theChecksPackagesHoldOnlyChecks() {
        check(com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes().that()
                .resideInAPackage("io.nflint.rules.checks..").and().areTopLevelClasses()
                .and().doNotHaveSimpleName("package-info")
                .should().implement(io.nflint.rules.Check.class));
    }

    @Test
    void checksDoNotPrint() {
        check(noClasses().that().resideInAPackage("io.nflint.rules.checks..")
                .should().dependOnClassesThat().areAssignableTo(java.io.PrintStream.class)
                .orShould().accessField(System.class, "out")
                .orShould().accessField(System.class, "err"));
    }

    @Test
    void checksDoNotKnowOutputFormats() {
        check(noClasses().that().resideInAPackage(RULES)
                .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson..", "picocli..",
                        "org.snakeyaml.."));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
