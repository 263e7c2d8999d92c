package dev.tokentray.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A fuzz test class that did not replay its committed corpus fails: run here through the JUnit
 * launcher on small fixture classes, one with a corpus (src/test/resources/dev/tokentray/testing/
 * ReplaysItsCorpusInputs/replay/) and ones without, with too few inputs, or whose target Jazzer
 * gives no raw bytes to.
 */
class CorpusReplayedTest {
    static final AtomicInteger RUNS = new AtomicInteger();

    @ExtendWith(CorpusReplayed.class)
    static class ReplaysItsCorpus {
        @FuzzTest
        void replay(byte[] input) {
            RUNS.incrementAndGet();
        }
    }

    @ExtendWith(CorpusReplayed.class)
    static class MissingCorpus {
        @FuzzTest
        void replay(byte[] input) {
        }
    }

    @ExtendWith(CorpusReplayed.class)
    static class ThinCorpus {
        @FuzzTest
        void replay(byte[] input) {
        }
    }

    @ExtendWith(CorpusReplayed.class)
    static class NoRawBytes {
        @FuzzTest
        void replay(FuzzedDataProvider data) {
        }
    }

    @Test
    void aClassThatReplayedItsWholeCorpusPasses() {
        RUNS.set(0);
        assertNull(classFailure(ReplaysItsCorpus.class));
        assertEquals(1 + 3, RUNS.get(), "the empty input and the three files");
    }

    @Test
    void aMissingCorpusFails() {
        String failure = classFailure(MissingCorpus.class);
        assertTrue(failure != null && failure.contains("the corpus MissingCorpusInputs/replay has 0 inputs"), failure);
    }

    @Test
    void aCorpusOfFewerThanThreeInputsFails() {
        String failure = classFailure(ThinCorpus.class);
        assertTrue(failure != null && failure.contains("the corpus ThinCorpusInputs/replay has 1 inputs"), failure);
    }

    @Test
    void aTargetGivenNoRawBytesFails() {
        String failure = classFailure(NoRawBytes.class);
        assertTrue(failure != null && failure.contains("no fuzz test replayed any input"), failure);
    }

    /** Runs {@code fixture} as Jazzer replays it and returns the failure of the class itself, or null. */
    private static String classFailure(Class<?> fixture) {
        List<String> failures = new ArrayList<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                            String message = result.getThrowable().map(Throwable::getMessage).orElse("?");
                            failures.add((id.isContainer() ? "class: " : "test " + id.getDisplayName() + ": ") + message);
                        }
                    }
                });
        List<String> ofTheClass = failures.stream().filter(f -> f.startsWith("class: ")).toList();
        assertEquals(failures.size(), ofTheClass.size(), "a fixture's own test failed: " + failures);
        return ofTheClass.isEmpty() ? null : String.join("; ", ofTheClass);
    }
}
