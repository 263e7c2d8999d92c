package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.mfa.presence.YubikeyPresence;
import dev.tokentray.sts.SessionMaker;
import dev.tokentray.testing.Fx;
import dev.tokentray.testing.MotoServer;
import dev.tokentray.testing.PcscStack;
import dev.tokentray.testing.Totp;
import dev.tokentray.testing.VirtualOathCard;
import dev.tokentray.tray.ui.TrayUiWorld;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.stage.Stage;
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
    @RegisterExtension
    static PcscStack pcsc = new PcscStack();

    @TempDir
    Path tmp;

    @BeforeAll
    static void fx() throws Exception {
        Fx.startHeadless();
    }

    /** Remembers what the tray would draw. */
    static final class RecordingBackend implements TrayBackend {
        volatile String tooltip = "";
        volatile BufferedImage icon;
        volatile List<String> labels = List.of();
        volatile List<TrayMenuItem> items = List.of();

        @Override
        public boolean supported() {
            return true;
        }

        @Override
        public void show(BufferedImage icon, String tooltip, List<TrayMenuItem> items, Runnable onActivate) {
            this.tooltip = tooltip;
            this.icon = icon;
            this.items = items;
            this.labels = items.stream().map(TrayMenuItem::label).toList();
        }

        /**
         * What a click on the menu entry does: {@code click("Lock vault")}, {@code click("Unlock admin")}
         * (its label goes on to say what the unlock asks), or {@code click("admin", "End session")} in a
         * live profile's submenu.
         */
        void click(String entry, String... submenu) {
            // The menu follows the state on the tray's next tick (once a second): the entry may be
            // a moment away after the action that brings it, so it is looked for up to 10 s.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            java.util.Optional<TrayMenuItem> found = entry(entry);
            while (found.isEmpty() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                found = entry(entry);
            }
            TrayMenuItem item = found.orElseThrow(() -> new AssertionError("no menu entry " + entry + " in " + labels));
            for (String label : submenu) {
                item = item.children().stream().filter(c -> label.equals(c.label())).findFirst()
                        .orElseThrow(() -> new AssertionError("no entry " + label + " under " + entry));
            }
            item.action().run();
        }

        private java.util.Optional<TrayMenuItem> entry(String entry) {
            return items.stream().filter(i -> i.label() != null && (i.label().equals(entry)
                    || i.label().startsWith(entry + " — ") || i.isSubmenu() && i.label().startsWith(entry + "  —  ")))
                    .findFirst();
        }

        @Override
        public void close() {
        }
    }

    /** Runs the tray on a thread of its own; a failure lands in {@code failures}. */
    static Thread start(TrayApp app, List<String> failures) {
        Thread tray = new Thread(() -> {
            try {
                app.run();
            } catch (Exception e) {
                failures.add("tray failed: " + e);
            }
        });
        tray.setDaemon(true);
        tray.start();
        return tray;
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
            Thread tray = start(app, log);
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

    /**
     * A CI user without MFA whose session runs low while the vault is locked: the notice and the
     * dialog it opens say the vault password renews it, and the dialog asks for nothing else.
     */
    @Test
    void aProfileWithoutMfaIsToldItNeedsTheVaultPasswordNotACode() throws Exception {
        try (TrayUiWorld world = new TrayUiWorld(moto, tmp)) {
            software.amazon.awssdk.services.iam.model.AccessKey ci = new dev.tokentray.testing.AwsWorld(moto.endpoint())
                    .user("ci-bot-" + Long.toHexString(new java.security.SecureRandom().nextLong()));
            world.engine.addKeys("ci-bot", ci.accessKeyId(), ci.secretAccessKey().toCharArray(),
                    TrayUiWorld.PASSWORD.toCharArray());
            java.util.Map<String, String> notices = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.Map<String, Runnable> clicks = new java.util.concurrent.ConcurrentHashMap<>();
            List<String> log = new CopyOnWriteArrayList<>();
            RecordingBackend backend = new RecordingBackend();
            TrayApp app = new TrayApp(world.engine, backend, Clock.systemUTC(), log::add, new PluggedByHand());
            app.alerts((key, title, body, onClick) -> {
                clicks.put(title, onClick);
                notices.put(title, body);
            });
            SessionCache cache = world.engine.sessionCache();
            cache.put(SessionCache.profileKey("ci-bot"), new Session("ASIAAGEDAGEDAGEDAGED", "s", "t",
                    Instant.now().plus(Duration.ofMinutes(16))));
            Thread tray = start(app, log);
            try {
                await(() -> notices.keySet().stream().anyMatch(t -> t.startsWith("ci-bot")), "a notice about ci-bot");
                String title = notices.keySet().stream().filter(t -> t.startsWith("ci-bot")).findFirst().orElseThrow();
                assertEquals("ci-bot needs the vault password", title, "the notice says what ci-bot needs: " + notices);
                assertFalse(notices.get(title).contains("code"), notices.get(title));

                clicks.get(title).run();
                Stage dialog = Fx.awaitStage("Unlock ci-bot");
                String shown = Fx.call(() -> new org.testfx.api.FxRobot().from(dialog.getScene().getRoot())
                        .lookup(".label").queryAllAs(javafx.scene.control.Label.class).stream()
                        .filter(l -> l.isVisible() && l.getText() != null && !l.getText().isEmpty())
                        .map(javafx.scene.control.Label::getText).collect(java.util.stream.Collectors.joining("\n")));
                Fx.screenshot(dialog, "unlock-dialog-renew-without-mfa");
                assertFalse(shown.contains("MFA"), "nothing about MFA for a profile without it:\n" + shown);
                assertTrue(shown.contains("The vault password renews the session before it runs out."), shown);
                assertFalse(fieldShows(dialog, "#code"), "no code field");
                new org.testfx.api.FxRobot().clickOn(new org.testfx.api.FxRobot().from(dialog.getScene().getRoot())
                        .lookup("#password").queryAs(javafx.scene.Node.class)).write(TrayUiWorld.PASSWORD);
                new org.testfx.api.FxRobot().type(javafx.scene.input.KeyCode.ENTER);
                await(() -> cache.get(SessionCache.profileKey("ci-bot")).expiration()
                        .isAfter(Instant.now().plus(Duration.ofHours(1))), "ci-bot is renewed with the password alone");
            } finally {
                app.quit();
                tray.join(10_000);
                Fx.closeAll();
            }
        }
    }

    /**
     * STS unreachable when a role is renewed ahead of expiry: that, unlike a profile waiting for
     * keys, is a failure, so the icon turns red, the tooltip and the profile's submenu say why.
     */
    @Test
    void aRenewalThatFailsTurnsTheIconRedAndSaysWhy() throws Exception {
        try (TrayUiWorld world = new TrayUiWorld(moto, tmp)) {
            List<String> notices = new CopyOnWriteArrayList<>();
            List<String> log = new CopyOnWriteArrayList<>();
            RecordingBackend backend = new RecordingBackend();
            TrayApp app = new TrayApp(world.engine, backend, Clock.systemUTC(), log::add, new PluggedByHand());
            app.alerts((key, title, body, onClick) -> notices.add(title));
            app.state().unlock("admin", TrayUiWorld.PASSWORD.toCharArray(), world.code(), false);
            world.engine.sessionCache().put(SessionCache.profileKey("admin"), new Session("ASIAAGEDAGEDAGEDAGED", "s", "t",
                    Instant.now().plus(Duration.ofMinutes(16))));
            world.proxy.close();
            Thread tray = start(app, log);
            try {
                await(() -> notices.contains("admin could not be renewed"), "a notice says so: " + notices + " " + log);
                await(() -> backend.tooltip.startsWith("tokentray: admin could not be renewed · "),
                        "the tooltip says so: " + backend.tooltip);
                assertTrue(backend.tooltip.length() <= 64, backend.tooltip);
                assertEquals(TrayIcons.draw(TrayIcons.State.ERROR, backend.iconSize()), backend.icon, "the icon is red");
                TrayMenuItem admin = backend.items.stream().filter(i -> i.label() != null
                        && i.label().startsWith("admin  —  ")).findFirst().orElseThrow();
                assertTrue(admin.children().get(0).label().startsWith("admin could not be renewed: "),
                        admin.children().get(0).label());
            } finally {
                app.quit();
                tray.join(10_000);
            }
        }
    }

    /**
     * Lock vault, from the tray's menu, forgets the open vault: once the sessions are cleared, the
     * next Unlock from the menu brings up the dialog asking for the vault password again (the
     * first one opened the vault, which would otherwise stay open until Quit), and the password
     * typed there opens it anew.
     */
    @Test
    void lockVaultForgetsTheOpenVaultSoTheNextUnlockAsksForThePasswordAgain() throws Exception {
        try (TrayUiWorld world = new TrayUiWorld(moto, tmp)) {
            List<String> log = new CopyOnWriteArrayList<>();
            RecordingBackend backend = new RecordingBackend();
            TrayApp app = new TrayApp(world.engine, backend, Clock.systemUTC(), log::add, new PluggedByHand());
            SessionCache cache = world.engine.sessionCache();
            Thread tray = start(app, log);
            try {
                await(() -> backend.labels.contains("Open tokentray"), "the tray is up");
                assertFalse(backend.labels.contains("Lock vault"), "no vault open to lock: " + backend.labels);

                backend.click("Unlock admin");
                Stage first = Fx.awaitStage("Unlock admin");
                assertTrue(fieldShows(first, "#password"), "the first unlock asks for the vault password");
                submit(first, TrayUiWorld.PASSWORD, world.code());
                await(() -> world.proxy.calls("AssumeRole") == 1, "admin is unlocked: " + log);
                await(() -> backend.labels.contains("Lock vault"), "the menu offers Lock vault: " + backend.labels);
                assertTrue(app.state().vaultOpen());
                for (int i = 0; i < 200 && Fx.showing("Unlock admin") > 0; i++) {
                    Thread.sleep(50);
                }
                assertEquals(0, Fx.showing("Unlock admin"), "the dialog closed once admin was unlocked");

                backend.click("Lock vault");
                assertFalse(app.state().vaultOpen(), "Lock vault closes the vault");
                await(() -> !backend.labels.contains("Lock vault"), "the menu drops Lock vault: " + backend.labels);
                // End session drops admin's session only, as aws-vault's clear does: the MFA session under it stays.
                backend.click("admin", "End session");
                await(() -> cache.get(SessionCache.profileKey("admin")) == null, "admin's session is cleared");
                assertTrue(cache.get(SessionMaker.mfaKey(world.serial)) != null, "the MFA session stays");
                // Ending the MFA session too (clear --mfa-session): the next session needs the keys.
                world.engine.clear("admin", true);

                backend.click("Unlock admin");
                Stage again = Fx.awaitStage("Unlock admin");
                assertTrue(fieldShows(again, "#password"), "after Lock vault the dialog asks for the vault password again");
                // The code the device shows next: STS (and the proxy) take one step either side, so
                // the test need not wait 30 s for a code the first unlock did not use.
                String next = Totp.code(world.seed, Instant.now().getEpochSecond() + 30);
                submit(again, TrayUiWorld.PASSWORD, next);
                await(() -> world.proxy.calls("GetSessionToken") == 2 && world.proxy.calls("AssumeRole") == 2,
                        "admin is unlocked with the password typed again: " + log);
                assertTrue(app.state().vaultOpen(), "the password typed opened the vault again");
            } finally {
                app.quit();
                tray.join(10_000);
                Fx.closeAll();
            }
        }
    }

    /**
     * A fresh session in the cache is served whatever the config says at that moment (mid-edit, a
     * syntax error): the shim serves it so without an agent, and the tray's agent did not — it
     * resolved the profile first, so every AWS call failed while the tray ran.
     */
    @Test
    void theTraysAgentServesAFreshSessionWhileTheConfigCannotBeRead() throws Exception {
        try (TrayUiWorld world = new TrayUiWorld(moto, tmp)) {
            List<String> log = new CopyOnWriteArrayList<>();
            RecordingBackend backend = new RecordingBackend();
            TrayApp app = new TrayApp(world.engine, backend, Clock.systemUTC(), log::add, new PluggedByHand());
            world.engine.sessionCache().put(SessionCache.profileKey("admin"), new dev.tokentray.cache.Session(
                    "ASIACACHEDWHILEEDIT1", "s", "t", Instant.now().plus(java.time.Duration.ofHours(1))));
            Thread tray = start(app, log);
            try {
                await(() -> backend.labels.contains("Open tokentray"), "the tray is up");
                await(() -> java.nio.file.Files.exists(world.home.tokentrayHome().resolve("agent/agent.sock")),
                        "the tray's agent listens");
                String config = java.nio.file.Files.readString(world.home.configFile());
                world.home.config(config + "[profile half-typed\n");
                // The shim as the AWS CLI starts it, from the classes under test (the jar is built after the unit tests).
                dev.tokentray.testing.TestHome.Run shim = dev.tokentray.testing.TestHome.process(List.of(
                        dev.tokentray.testing.Project.java().toString(), "-cp", dev.tokentray.testing.Project.testClasspath(),
                        dev.tokentray.Main.class.getName(), "credential-process", "admin"), "", world.home.envMap());
                assertEquals(0, shim.exit(), shim.toString());
                assertTrue(shim.out().contains("\"AccessKeyId\":\"ASIACACHEDWHILEEDIT1\""), shim.toString());
                assertEquals(0, world.proxy.calls("AssumeRole"), "served from the cache, STS not asked");
            } finally {
                app.quit();
                tray.join(10_000);
            }
        }
    }

    private static boolean fieldShows(Stage dialog, String id) throws Exception {
        return Fx.call(() -> dialog.getScene().lookup(id).isVisible());
    }

    /** Types into the dialog as a person does (the password only where it is asked) and presses Enter. */
    private static void submit(Stage dialog, String password, String code) throws Exception {
        org.testfx.api.FxRobot robot = new org.testfx.api.FxRobot();
        if (fieldShows(dialog, "#password")) {
            robot.clickOn(robot.from(dialog.getScene().getRoot()).lookup("#password").queryAs(javafx.scene.Node.class))
                    .write(password);
        }
        robot.clickOn(robot.from(dialog.getScene().getRoot()).lookup("#code").queryAs(javafx.scene.Node.class)).write(code);
        robot.type(javafx.scene.input.KeyCode.ENTER);
    }

    /**
     * USB is the one part with no real peer on a CI machine (no /dev/uhid): this stands in for
     * hid4java and reports what it is told, as Hid4javaPresence reports hidapi's scans.
     */
    static final class PluggedByHand implements YubikeyPresence {
        volatile Consumer<List<Device>> onChange;

        @Override
        public void start(Consumer<List<Device>> onChange) {
            this.onChange = onChange;
            onChange.accept(List.of());
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aYubikeyPluggedInIsOfferedInTheMenuAndAnnounced() throws Exception {
        try (TrayUiWorld world = new TrayUiWorld(moto, tmp)) {
            world.useYubikey("12345678");
            List<String> notices = new CopyOnWriteArrayList<>();
            RecordingBackend backend = new RecordingBackend();
            PluggedByHand usb = new PluggedByHand();
            TrayApp app = new TrayApp(world.engine, backend, Clock.systemUTC(), s -> { }, usb);
            app.alerts((key, title, body, onClick) -> notices.add(title + " / " + body));
            Thread tray = start(app, notices);
            try {
                await(() -> usb.onChange != null && backend.labels.contains("Open tokentray"), "the tray is up");
                assertTrue(backend.labels.stream().noneMatch(l -> l != null && l.contains("with YubiKey")), backend.labels.toString());

                usb.onChange.accept(List.of(new YubikeyPresence.Device(0x0407, "YubiKey OTP+FIDO+CCID")));
                await(() -> backend.labels.contains("Unlock alice with YubiKey")
                        && backend.labels.contains("Unlock admin with YubiKey"), "the menu offers the key: " + backend.labels);
                await(() -> notices.contains("YubiKey OTP+FIDO+CCID plugged in / Click to unlock admin, alice with it."),
                        "a notice says the key can unlock them: " + notices);

                usb.onChange.accept(List.of());
                await(() -> backend.labels.stream().noneMatch(l -> l != null && l.contains("with YubiKey")),
                        "pulled out, the entries go: " + backend.labels);
            } finally {
                app.quit();
                tray.join(10_000);
            }
        }
    }

    @Test
    void aYubikeyWaitingForATouchSaysSoOnTheDesktopAndUnlocksWhenTouched() throws Exception {
        try (TrayUiWorld world = new TrayUiWorld(moto, tmp)) {
            world.useYubikey("12345678");
            VirtualOathCard card = new VirtualOathCard("12345678").touchTotp(world.oathAccount(), world.seed, "HmacSHA1", 6);
            pcsc.insert(card);
            List<String> notices = new CopyOnWriteArrayList<>();
            TrayApp app = new TrayApp(world.engine, new RecordingBackend(), Clock.systemUTC(), s -> { }, new PluggedByHand());
            app.alerts((key, title, body, onClick) -> notices.add(title + " / " + body));
            app.state().open(TrayUiWorld.PASSWORD.toCharArray());
            Thread tray = start(app, notices);
            try {
                Thread finger = card.touchWhenAsked();
                app.unlock("admin"); // the menu's Unlock: the vault is open, so only the key is asked
                await(() -> notices.contains("Touch your YubiKey / tokentray needs an MFA code for admin."),
                        "a desktop notice asks for the touch: " + notices);
                finger.join(60_000);
                await(() -> world.proxy.calls("AssumeRole") == 1, "admin is unlocked with the key's code");
                assertEquals(1, world.proxy.acceptedCodes().size());
            } finally {
                app.quit();
                tray.join(10_000);
                pcsc.remove();
            }
        }
    }
}
