package dev.tokentray.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.testing.TestHome.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way TestHome runs something stops it at its own deadline, well before JUnit's, with what
 * it printed so far, and leaves none of what it started running. An IT (not named Test*, which
 * surefire would also pick up): one case runs the packaged
 * bin/tokentray, which a unit-test phase on a fresh clone has not built yet.
 */
class HungRunsIT {
    private static final Duration SHORT = Duration.ofSeconds(3);
    /** Long enough for a JVM to start on a loaded 2-core machine, and still well under JUnit's 180 s. */
    private static final Duration JVM_START = Duration.ofSeconds(20);
    private static final Map<String, String> ENV = Map.of("PATH", System.getenv("PATH"));

    @TempDir
    Path tmp;

    @Test
    void aHungCommandIsKilledAtItsDeadlineWithWhatItPrinted() {
        long start = System.nanoTime();
        AssertionError e = assertThrows(AssertionError.class, () -> TestHome.process(List.of("sh", "-c",
                "sleep 600 & echo \"started $!\"; echo trouble >&2; wait"), new byte[0], ENV, SHORT));
        assertStoppedSoonAfter(start);
        assertTrue(e.getMessage().contains(" was still running after 3 s: stopped it and every process it started."),
                e.getMessage());
        assertTrue(e.getMessage().contains("--- stderr\ntrouble\n"), e.getMessage());
        awaitGone(pid(e.getMessage()), "the command's own child");
    }

    @Test
    void aLeftoverThatHoldsTheOutputOpenIsStoppedAtTheDeadline() {
        long start = System.nanoTime();
        // The command exits at once; what it started in the background keeps its stdout open.
        AssertionError e = assertThrows(AssertionError.class, () -> TestHome.process(List.of("sh", "-c",
                "sleep 600 & echo \"started $!\"; sleep 1"), new byte[0], ENV, SHORT));
        assertStoppedSoonAfter(start);
        assertTrue(e.getMessage().contains(" exited 0 but a process it started still held its output open after 3 s"),
                e.getMessage());
        awaitGone(pid(e.getMessage()), "the leftover");
    }

    @Test
    void aCommandThatReadsNoneOfItsInputStillFinishes() {
        byte[] input = new byte[4 << 20];
        Arrays.fill(input, (byte) 'x');
        Run run = TestHome.process(List.of("sh", "-c", "echo done"), input, ENV, SHORT);
        assertEquals(new Run(0, "done\n", ""), run);
    }

    @Test
    void aHungRunOfTheCliInThisJvmIsStoppedWithTheChildItStarted() throws Exception {
        TestHome home = homeWithASession();
        Path pidFile = tmp.resolve("child.pid");
        long start = System.nanoTime();
        AssertionError e = assertThrows(AssertionError.class, () -> home.cli("", "exec", "admin", "--", "sh", "-c",
                "echo $$ > " + pidFile + "; exec sleep 600"));
        assertStoppedSoonAfter(start);
        assertTrue(e.getMessage().startsWith("tokentray exec admin -- sh -c echo $$ > " + pidFile + "; exec sleep 600"
                + " (in this JVM) was still running after 3 s"), e.getMessage());
        awaitGone(Long.parseLong(Files.readString(pidFile).strip()), "the command exec started");
    }

    @Test
    void aHungRunOfTheBinaryIsStoppedWithWhatItPrinted() {
        TestHome home = homeWithASession().deadline(JVM_START);
        long start = System.nanoTime();
        AssertionError e = assertThrows(AssertionError.class, () -> home.binary("", "exec", "admin", "--", "sh", "-c",
                "echo \"started $$\"; exec sleep 600"));
        assertStoppedSoonAfter(start, JVM_START);
        assertTrue(e.getMessage().contains("bin/tokentray, exec, admin, --, sh, -c, echo \"started $$\"; exec sleep 600]"
                + " was still running after 20 s"), e.getMessage());
        awaitGone(pid(e.getMessage()), "the command exec started");
    }

    /** A home where {@code exec admin} runs its command at once, from a cached role session. */
    private TestHome homeWithASession() {
        TestHome home = new TestHome(tmp).deadline(SHORT).config("[profile dev]\nregion = eu-west-1\n"
                + "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n"
                + "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = dev\n");
        new SessionCache(new FileKeyringBackend(home.tokentrayHome().resolve("cache"))).put(SessionCache.profileKey("admin"),
                new Session("ASIADEADLINEDEADLINE", "s", "t", Instant.now().plus(Duration.ofHours(1))));
        return home;
    }

    private static void assertStoppedSoonAfter(long start) {
        assertStoppedSoonAfter(start, SHORT);
    }

    private static void assertStoppedSoonAfter(long start, Duration deadline) {
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertTrue(seconds >= deadline.toSeconds() - 1 && seconds < deadline.toSeconds() + 20, "stopped after " + seconds + " s");
    }

    /** The pid the command printed as "started PID". */
    private static long pid(String message) {
        Matcher m = Pattern.compile("--- stdout\nstarted (\\d+)\n").matcher(message);
        assertTrue(m.find(), message);
        return Long.parseLong(m.group(1));
    }

    private static void awaitGone(long pid, String what) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            assertTrue(Instant.now().isBefore(deadline), what + " (pid " + pid + ") is still running");
            FreePort.sleep(50);
        }
    }
}
