package io.nflint.host.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nflint.host.BundleFile;

/**
 * Every bundle reader (ip -j JSON, inspect JSON, sysctl.txt, ipset.save, ss output) takes any bytes
 * and answers with a model or a positioned format error. {@code mvn test} runs the seeds under
 * src/test/resources; {@code .ci/run} fuzzes a counted number of inputs
 * ({@code JAZZER_FUZZ=1 mvn -pl analyzer test -Dtest=BundleReadersFuzzTest}).
 */
class BundleReadersFuzzTest {

    private static final BundleReaders READERS = new BundleReaders();

    @FuzzTest(maxExecutions = 5_000)
    void everyBundleReaderAnswers(FuzzedDataProvider data) {
        BundleFile file = BundleReaders.FILES.get(data.consumeInt(0, BundleReaders.FILES.size() - 1));
        READERS.load(file, data.consumeRemainingAsBytes());
    }
}
