package dev.tokentray.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.AwsWorld;
import dev.tokentray.testing.MfaWorld;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.PtySession;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where an MFA code comes from, through the real bin/tokentray against moto behind the proxy that
 * counts STS calls: a code that is not 6 digits never reaches STS, whatever gave it, and no line
 * repeats a code that was refused; an mfa_process that hangs is stopped at its timeout.
 */
class MfaCodeIT {
    @RegisterExtension
    static MfaWorld world = new MfaWorld();

    @TempDir
    Path tmp;
    TestHome home;

    @BeforeEach
    void setUp() {
        home = world.home(tmp);
        home.config("[profile alice]\nmfa_serial = " + world.serial + "\n");
        world.addKeys(home, "alice");
    }

    private int stsCalls() {
        return world.proxy.calls("GetSessionToken") + world.proxy.calls("AssumeRole");
    }

    /** A profile {@code name} with alice's keys and device whose mfa_process is a script of {@code body}. */
    private void mfaProcess(String name, String body) throws IOException {
        mfaProcess(name, body, world.serial);
    }

    private void mfaProcess(String name, String body, String serial) throws IOException {
        Path script = tmp.resolve(name + ".sh");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(home.configFile(), "[profile " + name + "]\nmfa_serial = " + serial
                + "\nmfa_process = " + script + "\n", java.nio.file.StandardOpenOption.APPEND);
        world.addKeys(home, name);
    }

    /** The current code of alice's device, printed as an authenticator's helper would. */
    private String printCode() {
        return "python3 -c 'import hmac, hashlib, struct, time, sys\n"
                + "h = hmac.new(bytes.fromhex(sys.argv[1]), struct.pack(\">Q\", int(time.time()) // 30), hashlib.sha1)"
                + ".digest()\no = h[-1] & 15\n"
                + "print(\"%06d\" % ((struct.unpack(\">I\", h[o:o+4])[0] & 0x7fffffff) % 1000000))' "
                + HexFormat.of().formatHex(world.seed);
    }

    @Test
    void anMfaCodeOptionThatIsNotSixDigitsIsBadUsageAndNeverReachesSts() {
        for (String code : List.of("12345678", "1234567", "12345", "abcdef", "12 3456", "pässwörd")) {
            Run run = home.binary("", "unlock", "alice", "--mfa-code", code);
            assertEquals(2, run.exit(), run.toString());
            // Bad usage is one line, pointing at the command's help.
            assertEquals(List.of("--mfa-code takes the 6 digits your MFA device shows now (see `tokentray unlock --help`)"),
                    run.err().lines().toList(), run.toString());
            assertFalse(run.err().contains(code), "the refused code was echoed: " + run);
        }
        assertEquals(0, stsCalls(), "nothing reached STS");
    }

    @Test
    void aTypedCodeThatIsNotSixDigitsIsAskedAgainAndNeverReachesSts() throws Exception {
        String prompt = "MFA code for " + world.serial + ": ";
        try (PtySession pty = new PtySession(Project.root().resolve("bin/tokentray") + " unlock alice", home.envMap())) {
            pty.answer(prompt, "87654321");
            pty.answer("That is not 6 digits. " + prompt, world.proxy.currentCode(world.serial));
            assertEquals(0, pty.waitForExit(), pty.screen());
            assertTrue(pty.screen().contains("Unlocked alice: session"), pty.screen());
            assertEquals(1, pty.screen().split("87654321", -1).length - 1, "only typing echoed it:\n" + pty.screen());
        }
        assertEquals(1, world.proxy.calls("GetSessionToken"), "only the good code reached STS");
        assertEquals(1, world.proxy.acceptedCodes().size());
    }

    @Test
    void anMfaProcessThatPrintsSomethingElseIsRefusedWithoutEchoingIt() throws IOException {
        mfaProcess("eight", "echo 12345678");
        mfaProcess("word", "echo hunter2");
        for (String profile : List.of("eight", "word")) {
            Run run = home.binary("", "unlock", profile);
            assertEquals(1, run.exit(), run.toString());
            assertEquals("tokentray: profile '" + profile + "': mfa_process printed something other than a 6-digit MFA"
                    + " code; check the command in ~/.aws/config\n", run.err());
        }
        assertEquals(0, stsCalls(), "nothing reached STS");
    }

    /**
     * One mfa_process never ends and keeps stdout open; another leaves a grandchild holding it.
     * Both are stopped, with their descendants, at the 60-s timeout (run side by side to wait once).
     */
    @Test
    void anMfaProcessThatHangsIsStoppedWithItsDescendantsAtTheTimeout() throws Exception {
        // Two devices: unlocks for one device queue on its lock, and these two are to run side by side.
        mfaProcess("slow", "echo $$ > " + tmp.resolve("slow.pid") + "\nexec sleep 150", world.serial);
        mfaProcess("held", "sh -c 'echo $$ > " + tmp.resolve("held.pid") + "; exec sleep 150'",
                "arn:aws:iam::" + AwsWorld.ACCOUNT + ":mfa/held");
        long start = System.nanoTime();
        ExecutorService both = Executors.newFixedThreadPool(2);
        Future<Run> slow = both.submit(() -> home.binary("", "unlock", "slow"));
        Future<Run> held = both.submit(() -> home.binary("", "unlock", "held"));
        both.shutdown();
        assertStoppedAtTheTimeout("slow", slow.get());
        assertStoppedAtTheTimeout("held", held.get());
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(seconds >= 59 && seconds < 80, "stopped at the timeout, not when sleep ended: " + seconds + " s");
        assertEquals(0, stsCalls());
    }

    private void assertStoppedAtTheTimeout(String profile, Run run) throws IOException {
        assertEquals(1, run.exit(), run.toString());
        assertEquals("tokentray: profile '" + profile + "': mfa_process did not finish in 60 s and was stopped;"
                + " check the command in ~/.aws/config\n", run.err());
        long pid = Long.parseLong(Files.readString(tmp.resolve(profile + ".pid")).strip());
        assertFalse(running(pid), profile + ": the sleep " + pid + " was left running");
    }

    /** Whether {@code pid} still runs: a zombie (killed, not yet reaped by an init that may never reap it) does not. */
    private static boolean running(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String text = Files.readString(stat);
        return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
    }

    /** A helper that prints the code and leaves something behind on its stdout is not waited for. */
    @Test
    void anMfaProcessThatExitsIsNotWaitedForWhatItLeftOnItsOutput() throws Exception {
        Path leftover = tmp.resolve("leftover.pid");
        // It keeps only stdout: one holding the inherited stderr open would keep any caller reading that waiting too.
        mfaProcess("quick", printCode() + "\nsleep 150 2>/dev/null &\necho $! > " + leftover);
        try {
            long start = System.nanoTime();
            Run run = home.binary("", "unlock", "quick");
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertEquals(0, run.exit(), run.toString());
            assertTrue(seconds < 20, "unlock waited " + seconds + " s for a process it did not start");
            assertEquals(1, world.proxy.acceptedCodes().size());
        } finally {
            ProcessHandle.of(Long.parseLong(Files.readString(leftover).strip())).ifPresent(ProcessHandle::destroy);
        }
    }
}
