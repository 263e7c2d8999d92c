package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.sts.SessionMaker;
import dev.tokentray.testing.Fx;
import dev.tokentray.testing.MotoServer;
import dev.tokentray.tray.ui.TrayUiWorld;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tray's ticks over the real engine, moto and the MFA-checking proxy: quiet renewal of role
 * sessions before the 15-minute mark, and notices when a code is needed or a session runs out.
 * The icon is recorded instead of drawn (the AWT tray is tested under Xvfb in TrayIT).
 */
class TrayAppTest {
    @RegisterExtension
    static MotoServer moto = new MotoServer();

    @TempDir
    Path tmp;

    @BeforeAll
    static void fx() throws Exception {
        Fx.startHeadless();
    }

    /** Remembers what the tray would draw. */
    static final class RecordingBackend implements TrayBackend {
        volatile String tooltip = "";

        @Override
        public boolean supported() {
            return true;
        }

        @Override
        public void show(BufferedImage icon, String tooltip, List<TrayItem> items, Runnable onActivate) {
            this.tooltip = tooltip;
        }

        @Override
        public void close() {
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    @Test
    void roleSessionsAreRenewedWithoutAskingAndWhatNeedsACodeOrRunsOutIsNotified() throws Exception {
        try (TrayUiWorld world = new TrayUiWorld(moto, tmp)) {
            List<String> notices = new CopyOnWriteArrayList<>();
            java.util.Map<String, Runnable> clicks = new java.util.concurrent.ConcurrentHashMap<>();
            List<String> log = new CopyOnWriteArrayList<>();
            RecordingBackend backend = new RecordingBackend();
            TrayApp app = new TrayApp(world.engine, backend, Clock.systemUTC(), log::add);
            app.alerts((key, title, body, onClick) -> {
                clicks.put(title, onClick);
                notices.add(title);
            });
            app.state().unlock("admin", TrayUiWorld.PASSWORD.toCharArray(), world.code(), false);
            assertEquals(1, world.proxy.calls("AssumeRole"));

            SessionCache cache = world.engine.sessionCache();
            Instant now = Instant.now();
            Session aged = new Session("ASIAAGEDAGEDAGEDAGED", "s", "t", now.plus(Duration.ofMinutes(16)));
            cache.put(SessionCache.profileKey("admin"), aged);
            Thread tray = new Thread(() -> {
                try {
                    app.run();
                } catch (Exception e) {
                    log.add("tray failed: " + e);
                }
            });
            tray.setDaemon(true);
            tray.start();
            try {
                await(() -> world.proxy.calls("AssumeRole") == 2, "the admin role is renewed");
                await(() -> cache.get(SessionCache.profileKey("admin")).expiration().isAfter(now.plus(Duration.ofMinutes(50))),
                        "the renewed session is in the cache");
                assertEquals(1, world.proxy.calls("GetSessionToken"), "renewed from the cached MFA session: no code");
                assertTrue(notices.isEmpty(), notices.toString());
                await(() -> backend.tooltip.contains("admin 5"), "the tooltip shows the new countdown: " + backend.tooltip);

                // Now the MFA session itself runs low: only a new code can extend alice, so the person is told.
                Session mfaLow = new Session("ASIAMFAMFAMFAMFAMFA1", "s", "t", now.plus(Duration.ofMinutes(16)));
                cache.put(SessionMaker.mfaKey(world.serial), mfaLow);
                cache.put(SessionCache.profileKey("alice"), mfaLow);
                await(() -> notices.contains("alice needs an MFA code"), "a notice says alice needs a code: " + notices);
                assertEquals(1, world.proxy.calls("GetSessionToken"));

                Session nineMinutes = new Session("ASIAMFAMFAMFAMFAMFA2", "s", "t",
                        Instant.now().plus(Duration.ofMinutes(9)).plusSeconds(30));
                cache.put(SessionMaker.mfaKey(world.serial), nineMinutes);
                cache.put(SessionCache.profileKey("alice"), nineMinutes);
                await(() -> notices.contains("alice expires in 9m"), "the lead-time notice: " + notices);
                // A click on the notice opens the dialog that renews alice with a new code.
                clicks.get("alice expires in 9m").run();
                javafx.stage.Stage dialog = Fx.awaitStage("Unlock alice");
                org.testfx.api.FxRobot robot = new org.testfx.api.FxRobot();
                robot.clickOn(robot.from(dialog.getScene().getRoot()).lookup("#code").queryAs(javafx.scene.Node.class))
                        .write(world.unusedCode());
                robot.type(javafx.scene.input.KeyCode.ENTER);
                await(() -> world.proxy.calls("GetSessionToken") == 2, "a new MFA session is made with the code");
                await(() -> cache.get(SessionCache.profileKey("alice")).expiration().isAfter(Instant.now().plus(Duration.ofHours(7))),
                        "alice is renewed for the default 8 hours");
            } finally {
                app.quit();
                tray.join(10_000);
            }
        }
    }
}
