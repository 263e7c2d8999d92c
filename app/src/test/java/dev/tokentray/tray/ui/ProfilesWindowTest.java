package dev.tokentray.tray.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.core.Settings;
import dev.tokentray.testing.FederationEndpoint;
import dev.tokentray.testing.Fx;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

/** The profiles window, driven by TestFX (headless Monocle), over the real engine and moto. */
class ProfilesWindowTest {
    /** "Open console" signs in at the test's federation endpoint, in the browser BROWSER names. */
    @RegisterExtension
    static TrayUi ui = TrayUi.withConsole(FederationEndpoint::browser);

    TrayUiWorld world;
    final FxRobot robot = ui.robot();
    /** Set when the views, run without a tray, quit the app. */
    final AtomicBoolean quit = new AtomicBoolean();

    @BeforeEach
    void setUp() throws Exception {
        world = ui.world();
        world.addProfiles(TrayUiWorld.BROKEN_LOOP);
        world.cacheSession("admin", "ASIAADMINADMINADMIN1", Duration.ofMinutes(42));
        world.cacheSession("alice", "ASIAALICEALICEALICE1", Duration.ofMinutes(5));
    }

    private WindowLookups openWindow() throws Exception {
        return ui.openProfiles(4);
    }

    /** A control of another window (a dialog, Settings). */
    private Node in(Stage stage, String id) {
        return robot.from(stage.getScene().getRoot()).lookup(id).query();
    }

    private static Label banner(WindowLookups window) {
        return (Label) window.in("#banner");
    }

    /** Runs the views as on a desktop with no tray and opens the window, which says so in its banner. */
    private WindowLookups openWithoutTray() throws Exception {
        Fx.run(() -> world.views.runWithoutTray("No system tray on this desktop, so tokentray runs in this window.",
                () -> quit.set(true)));
        WindowLookups window = openWindow();
        assertTrue(Fx.call(banner(window)::isVisible));
        return window;
    }

    @Test
    void everyProfileShowsItsIdentityMfaDeviceAndALiveCountdownAmberInTheLastTenMinutes() throws Exception {
        WindowLookups window = openWindow();
        // Broken profiles first, then each account: admin's role and alice's MFA device are in moto's one account.
        assertEquals(List.of("loop-a", "loop-b", "admin", "alice"), window.names());
        assertEquals(List.of("Needs attention", "123456789012"), window.groups());

        assertTrue(window.left("admin").matches("4[12]m \\d\\ds"), window.left("admin"));
        assertTrue(window.left("alice").matches("[45]m \\d\\ds"), window.left("alice"));
        assertTrue(window.row("alice").expiring(), "5 minutes left is amber");
        assertFalse(window.row("admin").expiring());
        assertEquals("error", window.left("loop-a"));
        assertTrue(window.row("loop-a").identity().contains("source_profile"), window.row("loop-a").identity());
        assertTrue(window.row("admin").identity().startsWith("role/admin-"), window.row("admin").identity());
        assertTrue(window.row("alice").mfaDevice().contains(":mfa/"), window.row("alice").mfaDevice());

        // The countdown moves by itself, once a second.
        String before = window.left("admin");
        Thread.sleep(2200);
        assertNotEquals(before, window.left("admin"));
        boolean amber = Fx.call(() -> robot.from(window.stage().getScene().getRoot()).lookup(".countdown.expiring").tryQuery()
                .isPresent());
        assertTrue(amber, "the expiring row's bar carries the amber style");
        Fx.screenshot(window.stage(), "window");
    }

    @Test
    void copyExportWireAndClearActOnTheSelectedProfile() throws Exception {
        WindowLookups window = openWindow();
        window.choose("admin", "copyItem");
        window.awaitStatus("Copied the export lines of admin");
        String clip = Fx.call(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString());
        assertTrue(clip != null && clip.contains("export AWS_ACCESS_KEY_ID='ASIAADMINADMINADMIN1'"), String.valueOf(clip));

        window.choose("admin", "wireItem");
        window.awaitStatus("admin-tokentray");
        assertTrue(Files.readString(world.home.configFile()).contains("[profile admin-tokentray]\ncredential_process = "));

        // A live row's primary action is End.
        assertEquals("End", Fx.call(() -> window.primary("admin").getText()));
        robot.clickOn(window.primary("admin"));
        window.awaitStatus("Cleared");
        for (int i = 0; i < 100 && !window.left("admin").equals("locked"); i++) {
            Thread.sleep(50);
        }
        assertEquals("locked", window.left("admin"));
    }

    @Test
    void openConsoleSignsInAsTheSelectedProfileInTheBrowser() throws Exception {
        WindowLookups window = openWindow();
        window.choose("admin", "consoleItem");
        window.awaitStatus("Opened the AWS console as admin in your browser.");
        assertEquals(List.of(FederationEndpoint.TOKEN), ui.federation().awaitLogins());
        assertEquals("ASIAADMINADMINADMIN1", ui.federation().tokenRequests.get(0).get("sessionId"), "admin's cached session");
    }

    @Test
    void unlockOnALockedProfileRaisesTheDialogAndTheRowCountsDownAfterwards() throws Exception {
        WindowLookups window = openWindow();
        robot.clickOn(window.primary("admin"));
        window.awaitStatus("Cleared");
        for (int i = 0; i < 100 && !"Unlock".equals(Fx.call(() -> window.primary("admin").getText())); i++) {
            Thread.sleep(50);
        }
        // A locked row's primary action is Unlock.
        robot.clickOn(window.primary("admin"));
        Stage dialog = Fx.awaitStage("Unlock admin");
        robot.clickOn(robot.from(dialog.getScene().getRoot()).lookup("#password").queryAs(Node.class)).write(TrayUiWorld.PASSWORD);
        robot.clickOn(robot.from(dialog.getScene().getRoot()).lookup("#code").queryAs(Node.class)).write(world.unusedCode());
        robot.type(KeyCode.ENTER);
        window.awaitStatus("Unlocked admin");
        for (int i = 0; i < 100 && !window.left("admin").matches("\\d+m \\d\\ds"); i++) {
            Thread.sleep(50);
        }
        assertTrue(window.left("admin").matches("(59|60)m \\d\\ds"), window.left("admin"));
        assertTrue(Fx.call(() -> !window.in("#lockButton").isDisabled()), "the vault is open, so it can be locked");
    }

    @Test
    void withoutATrayTheWindowSaysWhyAndClosingItQuits() throws Exception {
        WindowLookups window = openWithoutTray();
        assertTrue(Fx.call(banner(window)::getText).startsWith("No system tray"));
        Fx.screenshot(window.stage(), "window-no-tray");
        Fx.run(window.stage()::close);
        assertTrue(quit.get(), "closing the only window quits the app");
    }

    @Test
    void aTrayAppearingLaterTakesTheBannerAwayAndClosingNoLongerQuits() throws Exception {
        WindowLookups window = openWithoutTray();
        Label banner = banner(window);
        Fx.run(world.views::trayAppeared);
        assertFalse(Fx.call(banner::isVisible), "the banner says there is no tray, and there is one now");
        assertFalse(Fx.call(banner::isManaged), "the banner's room is given back to the list");
        Fx.screenshot(window.stage(), "window-after-tray-appeared");
        Fx.run(window.stage()::close);
        assertFalse(quit.get(), "closing the window leaves the app running in its tray");
        WindowLookups again = openWindow();
        assertFalse(Fx.call(banner(again)::isVisible), "the reopened window has no banner either");
    }

    @Test
    void settingsSavedFromTheWindowReachSettingsPropertiesAndTheAutostartEntry() throws Exception {
        Path file = world.home.tokentrayHome().resolve(Settings.FILE_NAME);
        Path autostart = world.home.home().resolve(".config/autostart/tokentray.desktop");
        assertFalse(Files.exists(file), "no settings saved yet");
        WindowLookups window = openWindow();
        robot.clickOn(window.in("#settingsButton"));
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
        robot.clickOn(window.in("#settingsButton"));
        Stage again = Fx.awaitStage("Settings");
        assertEquals(List.of(5, false, "file", true), Fx.call(() -> List.of(((Spinner<?>) in(again, "#lead")).getValue(),
                ((CheckBox) in(again, "#autoRefresh")).isSelected(), ((ChoiceBox<?>) in(again, "#keyring")).getValue(),
                ((CheckBox) in(again, "#startAtLogin")).isSelected())));
    }

    @Test
    void addKeysStoresThePairInTheVaultAndTheTableShowsIt() throws Exception {
        WindowLookups window = openWindow();
        robot.clickOn(window.in("#addButton"));
        Stage add = Fx.awaitStage("Add keys");
        robot.clickOn(robot.from(add.getScene().getRoot()).lookup("#profile").queryAs(Node.class)).write("ci");
        robot.clickOn(robot.from(add.getScene().getRoot()).lookup("#keyId").queryAs(Node.class)).write("AKIAIOSFODNN7EXAMPLE");
        robot.clickOn(robot.from(add.getScene().getRoot()).lookup("#secret").queryAs(Node.class)).write("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        robot.clickOn(robot.from(add.getScene().getRoot()).lookup("#password").queryAs(Node.class)).write(TrayUiWorld.PASSWORD);
        Fx.screenshot(add, "add-keys");
        robot.type(KeyCode.ENTER);
        window.awaitStatus("Added keys for ci");
        assertTrue(world.engine.vault().profiles().contains("ci"));
        window.awaitRows(5);
        assertEquals("locked", window.left("ci"));
    }
}
