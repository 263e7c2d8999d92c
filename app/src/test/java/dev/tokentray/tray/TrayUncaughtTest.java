package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.core.Tokentray;
import dev.tokentray.mfa.presence.YubikeyPresence;
import dev.tokentray.testing.Fx;
import dev.tokentray.testing.TestHome;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure nobody catches on one of the tray's threads (a worker, the JavaFX thread) is one line
 * in the tray's log: no stack trace, not the throwable's message, and the tray runs on.
 */
class TrayUncaughtTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @TempDir
    Path tmp;

    @BeforeAll
    static void fx() throws Exception {
        Fx.startHeadless();
    }

    /** No YubiKey watching: this test is about failures, not USB. */
    private static final YubikeyPresence NO_PRESENCE = new YubikeyPresence() {
        @Override
        public void start(Consumer<List<Device>> onChange) {
        }

        @Override
        public void close() {
        }
    };

    @Test
    void anUncaughtErrorOnAnyTrayThreadIsOneLineAndTheTrayRunsOn() throws Exception {
        TestHome home = new TestHome(tmp).config("[profile dev]\nregion = eu-west-1\n"
                + "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n");
        List<String> log = new CopyOnWriteArrayList<>();
        TrayAppTest.RecordingBackend backend = new TrayAppTest.RecordingBackend();
        TrayApp app = new TrayApp(new Tokentray(home.env(), TestHome.FAST_KDF, Clock.systemUTC(), log::add), backend,
                Clock.systemUTC(), log::add, NO_PRESENCE);
        List<String> failures = new CopyOnWriteArrayList<>();
        Thread tray = TrayAppTest.start(app, failures);
        try {
            TrayAppTest.await(() -> !backend.tooltip.isEmpty(), "the tray shows its icon");
            Thread worker = new Thread(() -> {
                throw new OutOfMemoryError(SECRET);
            }, "some-tray-worker");
            worker.start();
            worker.join();
            Platform.runLater(() -> {
                throw new IllegalStateException(SECRET);
            });
            TrayAppTest.await(() -> log.stream().filter(l -> l.contains("internal error")).count() == 2,
                    "both failures are logged: " + log);
            List<String> lines = log.stream().filter(l -> l.contains("internal error")).toList();
            assertTrue(lines.get(0).startsWith("tokentray: internal error (java.lang.OutOfMemoryError at "), lines.get(0));
            assertTrue(lines.get(1).startsWith("tokentray: internal error (java.lang.IllegalStateException at "),
                    lines.get(1));
            for (String line : log) {
                assertFalse(line.contains(SECRET), line);
                assertEquals(1, line.lines().count(), line);
            }
            assertTrue(tray.isAlive(), "the tray runs on");
            assertEquals(List.of(), failures);
        } finally {
            app.quit();
            tray.join(10_000);
        }
    }

    /**
     * A tick that fails (here the backend's drawing, once) is one line in the log, and the ticks
     * go on: a scheduled task that throws would otherwise never run again, freezing the icon.
     */
    @Test
    void aTickThatFailsIsOneLineAndTheNextTicksStillCome() throws Exception {
        TestHome home = new TestHome(tmp).config("[profile dev]\nregion = eu-west-1\n"
                + "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n");
        List<String> log = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger shows = new java.util.concurrent.atomic.AtomicInteger();
        TrayBackend failingOnce = new TrayBackend() {
            @Override
            public boolean supported() {
                return true;
            }

            @Override
            public void show(java.awt.image.BufferedImage icon, String tooltip, List<TrayMenuItem> menu, Runnable onActivate) {
                if (shows.incrementAndGet() == 1) {
                    throw new IllegalStateException(SECRET);
                }
            }

            @Override
            public void close() {
            }
        };
        TrayApp app = new TrayApp(new Tokentray(home.env(), TestHome.FAST_KDF, Clock.systemUTC(), log::add), failingOnce,
                Clock.systemUTC(), log::add, NO_PRESENCE);
        List<String> failures = new CopyOnWriteArrayList<>();
        Thread tray = TrayAppTest.start(app, failures);
        try {
            TrayAppTest.await(() -> shows.get() >= 3, "the ticks after the failed one still draw");
            List<String> lines = log.stream().filter(l -> l.contains("internal error")).toList();
            assertEquals(1, lines.size(), log.toString());
            assertTrue(lines.get(0).startsWith("tokentray: internal error (java.lang.IllegalStateException at "), lines.get(0));
            assertFalse(lines.get(0).contains(SECRET), lines.get(0));
            assertEquals(List.of(), failures);
        } finally {
            app.quit();
            tray.join(10_000);
        }
    }
}
