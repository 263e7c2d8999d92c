package dev.tokentray.tray.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.core.Settings;
import dev.tokentray.testing.FederationEndpoint;
import dev.tokentray.testing.Fx;
import dev.tokentray.testing.MotoServer;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/** The profiles window, driven by TestFX (headless Monocle), over the real engine and moto. */
class ProfilesWindowTest {
    @RegisterExtension
    static MotoServer moto = new MotoServer();

    @TempDir
    Path tmp;
    TrayUiWorld world;
    /** Where "Open console" signs in, and the browser BROWSER names. */
    FederationEndpoint federation;
    final FxRobot robot = new FxRobot();

    @BeforeAll
    static void fx() throws Exception {
        Fx.startHeadless();
    }

    @BeforeEach
    void setUp() throws Exception {
        federation = new FederationEndpoint();
        world = new TrayUiWorld(moto, tmp, Map.of("TOKENTRAY_FEDERATION_ENDPOINT", federation.uri(),
                "BROWSER", FederationEndpoint.browser(tmp).toString()));
        Files.writeString(world.home.configFile(), Files.readString(world.home.configFile())
                + "[profile loop-a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = loop-b\n"
                + "[profile loop-b]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = loop-a\n");
        SessionCache cache = world.engine.sessionCache();
        Instant now = Instant.now();
        cache.put(SessionCache.profileKey("admin"), new Session("ASIAADMINADMINADMIN1", "secret-admin", "token-admin",
                now.plus(Duration.ofMinutes(42))));
        cache.put(SessionCache.profileKey("alice"), new Session("ASIAALICEALICEALICE1", "secret-alice", "token-alice",
                now.plus(Duration.ofMinutes(5))));
    }

    @AfterEach
    void tearDown() throws Exception {
        Fx.closeAll();
        world.close();
        federation.close();
    }

    private Node in(Stage stage, String id) {
        return robot.from(stage.getScene().getRoot()).lookup(id).query();
    }

    private WindowLookups window(Stage stage) {
        return new WindowLookups(robot, stage);
    }

    private ProfileRow row(Stage stage, String profile) throws Exception {
        return window(stage).row(profile);
    }

    private String left(Stage stage, String profile) throws Exception {
        ProfileRow row = row(stage, profile);
        return Fx.call(() -> row.leftProperty().get());
    }

    private String awaitStatus(Stage stage, String contains) throws Exception {
        return window(stage).awaitStatus(contains);
    }

    private Stage openWindow() throws Exception {
        Fx.run(world.views::showProfiles);
        Stage stage = Fx.awaitStage("tokentray");
        window(stage).awaitRows(4);
        return stage;
    }

    @Test
    void everyProfileShowsItsIdentityMfaDeviceAndALiveCountdownAmberInTheLastTenMinutes() throws Exception {
        Stage stage = openWindow();
        // Broken profiles first, then each account: admin's role and alice's MFA device are in moto's one account.
        assertEquals(List.of("loop-a", "loop-b", "admin", "alice"), window(stage).names());
        assertEquals(List.of("Needs attention", "123456789012"), window(stage).groups());

        assertTrue(left(stage, "admin").matches("4[12]m \\d\\ds"), left(stage, "admin"));
        assertTrue(left(stage, "alice").matches("[45]m \\d\\ds"), left(stage, "alice"));
        assertTrue(row(stage, "alice").expiring(), "5 minutes left is amber");
        assertFalse(row(stage, "admin").expiring());
        assertEquals("error", left(stage, "loop-a"));
        assertTrue(row(stage, "loop-a").identity().contains("source_profile"), row(stage, "loop-a").identity());
        assertTrue(row(stage, "admin").identity().startsWith("role/admin-"), row(stage, "admin").identity());
        assertTrue(row(stage, "alice").mfaDevice().contains(":mfa/"), row(stage, "alice").mfaDevice());

        // The countdown moves by itself, once a second.
        String before = left(stage, "admin");
        Thread.sleep(2200);
        assertNotEquals(before, left(stage, "admin"));
        boolean amber = Fx.call(() -> robot.from(stage.getScene().getRoot()).lookup(".countdown.expiring").tryQuery().isPresent());
        assertTrue(amber, "the expiring row's bar carries the amber style");
        Fx.screenshot(stage, "window");
    }

    @Test
    void copyExportWireAndClearActOnTheSelectedProfile() throws Exception {
        Stage stage = openWindow();
        window(stage).choose("admin", "copyItem");
        awaitStatus(stage, "Copied the export lines of admin");
        String clip = Fx.call(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString());
        assertTrue(clip != null && clip.contains("export AWS_ACCESS_KEY_ID='ASIAADMINADMINADMIN1'"), String.valueOf(clip));

        window(stage).choose("admin", "wireItem");
        awaitStatus(stage, "admin-tokentray");
        assertTrue(Files.readString(world.home.configFile()).contains("[profile admin-tokentray]\ncredential_process = "));

        // A live row's primary action is End.
        assertEquals("End", Fx.call(() -> window(stage).primary("admin").getText()));
        robot.clickOn(window(stage).primary("admin"));
        awaitStatus(stage, "Cleared");
        for (int i = 0; i < 100 && !left(stage, "admin").equals("locked"); i++) {
            Thread.sleep(50);
        }
        assertEquals("locked", left(stage, "admin"));
    }

    @Test
    void openConsoleSignsInAsTheSelectedProfileInTheBrowser() throws Exception {
        Stage stage = openWindow();
        window(stage).choose("admin", "consoleItem");
        awaitStatus(stage, "Opened the AWS console as admin in your browser.");
        assertEquals(List.of(FederationEndpoint.TOKEN), federation.awaitLogins());
        assertEquals("ASIAADMINADMINADMIN1", federation.tokenRequests.get(0).get("sessionId"), "admin's cached session");
    }

    @Test
    void unlockOnALockedProfileRaisesTheDialogAndTheRowCountsDownAfterwards() throws Exception {
        Stage stage = openWindow();
        robot.clickOn(window(stage).primary("admin"));
        awaitStatus(stage, "Cleared");
        for (int i = 0; i < 100 && !"Unlock".equals(Fx.call(() -> window(stage).primary("admin").getText())); i++) {
            Thread.sleep(50);
        }
        // A locked row's primary action is Unlock.
        robot.clickOn(window(stage).primary("admin"));
        Stage dialog = Fx.awaitStage("Unlock admin");
        robot.clickOn(robot.from(dialog.getScene().getRoot()).lookup("#password").queryAs(Node.class)).write(TrayUiWorld.PASSWORD);
        robot.clickOn(robot.from(dialog.getScene().getRoot()).lookup("#code").queryAs(Node.class)).write(world.unusedCode());
        robot.type(KeyCode.ENTER);
        awaitStatus(stage, "Unlocked admin");
        for (int i = 0; i < 100 && !left(stage, "admin").matches("\\d+m \\d\\ds"); i++) {
            Thread.sleep(50);
        }
        assertTrue(left(stage, "admin").matches("(59|60)m \\d\\ds"), left(stage, "admin"));
        assertTrue(Fx.call(() -> !in(stage, "#lockButton").isDisabled()), "the vault is open, so it can be locked");
    }

    @Test
    void withoutATrayTheWindowSaysWhyAndClosingItQuits() throws Exception {
        AtomicBoolean quit = new AtomicBoolean();
        Fx.run(() -> world.views.runWithoutTray("No system tray on this desktop, so tokentray runs in this window.",
                () -> quit.set(true)));
        Stage stage = openWindow();
        Label banner = (Label) in(stage, "#banner");
        assertTrue(Fx.call(banner::isVisible));
        assertTrue(Fx.call(banner::getText).startsWith("No system tray"));
        Fx.screenshot(stage, "window-no-tray");
        Fx.run(stage::close);
        assertTrue(quit.get(), "closing the only window quits the app");
    }

    @Test
    void aTrayAppearingLaterTakesTheBannerAwayAndClosingNoLongerQuits() throws Exception {
        AtomicBoolean quit = new AtomicBoolean();
        Fx.run(() -> world.views.runWithoutTray("No system tray on this desktop, so tokentray runs in this window.",
                () -> quit.set(true)));
        Stage stage = openWindow();
        Label banner = (Label) in(stage, "#banner");
        assertTrue(Fx.call(banner::isVisible));
        Fx.run(world.views::trayAppeared);
        assertFalse(Fx.call(banner::isVisible), "the banner says there is no tray, and there is one now");
        assertFalse(Fx.call(banner::isManaged), "the banner's room is given back to the list");
        Fx.screenshot(stage, "window-after-tray-appeared");
        Fx.run(stage::close);
        assertFalse(quit.get(), "closing the window leaves the app running in its tray");
        Stage again = openWindow();
        assertFalse(Fx.call(((Label) in(again, "#banner"))::isVisible), "the reopened window has no banner either");
    }

    @Test
    void settingsSavedFromTheWindowReachSettingsPropertiesAndTheAutostartEntry() throws Exception {
        Path file = world.home.tokentrayHome().resolve(Settings.FILE_NAME);
        Path autostart = world.home.home().resolve(".config/autostart/tokentray.desktop");
        assertFalse(Files.exists(file), "no settings saved yet");
        Stage stage = openWindow();
        robot.clickOn(in(stage, "#settingsButton"));
        Stage settings = Fx.awaitStage("Settings");
        Fx.screenshot(settings, "settings");
        Node lead = in(settings, "#lead");
        Fx.run(() -> ((Spinner<?>) lead).getEditor().setText("5"));
        robot.clickOn(in(settings, "#autoRefresh"));
        robot.clickOn(in(settings, "#keyring"));
        robot.clickOn(robot.lookup(Settings.keyringName("file")).queryAs(Node.class));
        robot.clickOn(in(settings, "#startAtLogin"));
        robot.clickOn(in(settings, "#save"));
        // The window closes once Save has written the file, or stays open with the error.
        for (int i = 0; i < 200 && Fx.call(settings::isShowing); i++) {
            Thread.sleep(50);
        }
        assertFalse(Fx.call(settings::isShowing), "saved: " + Fx.call(() -> ((Label) in(settings, "#error")).getText()));

        assertTrue(Files.exists(file), "Save wrote " + file);
        Properties saved = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            saved.load(in);
        }
        assertEquals(Map.of("notify.lead.minutes", "5", "auto.refresh", "false", "keyring", "file",
                "start.at.login", "true", "agent", "on"), Map.copyOf(saved), Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Settings expected = new Settings(Duration.ofMinutes(5), false, "file", true, true);
        assertEquals(expected, Settings.load(world.home.tokentrayHome()), "read back as the tray and the shim read it");
        assertEquals(expected, world.settings.current(), "the tray runs with what it saved");
        assertTrue(Files.readString(autostart).contains("\nExec=tokentray tray\n"), Files.readString(autostart));

        // Opened again, the window shows what was saved.
        robot.clickOn(in(stage, "#settingsButton"));
        Stage again = Fx.awaitStage("Settings");
        assertEquals(List.of(5, false, "file", true), Fx.call(() -> List.of(((Spinner<?>) in(again, "#lead")).getValue(),
                ((CheckBox) in(again, "#autoRefresh")).isSelected(), ((ChoiceBox<?>) in(again, "#keyring")).getValue(),
                ((CheckBox) in(again, "#startAtLogin")).isSelected())));
    }

    @Test
    void addKeysStoresThePairInTheVaultAndTheTableShowsIt() throws Exception {
        Stage stage = openWindow();
        robot.clickOn(in(stage, "#addButton"));
        Stage add = Fx.awaitStage("Add keys");
        robot.clickOn(robot.from(add.getScene().getRoot()).lookup("#profile").queryAs(Node.class)).write("ci");
        robot.clickOn(robot.from(add.getScene().getRoot()).lookup("#keyId").queryAs(Node.class)).write("AKIAIOSFODNN7EXAMPLE");
        robot.clickOn(robot.from(add.getScene().getRoot()).lookup("#secret").queryAs(Node.class)).write("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        robot.clickOn(robot.from(add.getScene().getRoot()).lookup("#password").queryAs(Node.class)).write(TrayUiWorld.PASSWORD);
        Fx.screenshot(add, "add-keys");
        robot.type(KeyCode.ENTER);
        awaitStatus(stage, "Added keys for ci");
        assertTrue(world.engine.vault().profiles().contains("ci"));
        window(stage).awaitRows(5);
        assertEquals("locked", left(stage, "ci"));
    }
}
