package dev.tokentray.tray.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.core.Settings;
import dev.tokentray.testing.Fx;
import dev.tokentray.tray.login.LoginItem;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Settings window on its own (TestFX, headless): the session caches it offers, by name, and a
 * Save that nothing can turn into a failure on the FX thread, where it could take the tray with it.
 */
class SettingsWindowTest {
    @RegisterExtension
    static TrayUi ui = TrayUi.windowsOnly();

    /** What reached the FX thread's handler of uncaught exceptions: in the tray, a failure nobody handled. */
    final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    final List<Settings> saved = new CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler fxHandlerBefore;

    @BeforeEach
    void catchUncaught() throws Exception {
        fxHandlerBefore = Fx.call(() -> Thread.currentThread().getUncaughtExceptionHandler());
        Fx.run(() -> Thread.currentThread().setUncaughtExceptionHandler((t, e) -> uncaught.add(e)));
    }

    @AfterEach
    void tearDown() throws Exception {
        ui.closeWindowsAndWorld();
        Fx.run(() -> Thread.currentThread().setUncaughtExceptionHandler(fxHandlerBefore));
    }

    /** A login item that works, or one whose OS call fails its own way (as a JNA call into the registry can). */
    private static LoginItem loginItem(RuntimeException failure) {
        return new LoginItem() {
            boolean on;

            @Override
            public boolean supported() {
                return true;
            }

            @Override
            public boolean enabled() {
                return on;
            }

            @Override
            public void set(boolean wanted) {
                if (failure != null) {
                    throw failure;
                }
                on = wanted;
            }
        };
    }

    private Stage open(LoginItem login, String keyringInUse, String keyringVariable) throws Exception {
        Stage stage = Fx.call(() -> {
            Stage s = Views.stage("settings.fxml", new SettingsController(Settings.DEFAULTS, login, saved::add,
                    CompletableFuture.completedFuture(keyringInUse), keyringVariable), "Settings — tokentray",
                    dev.tokentray.tray.theme.DesktopTheme.Scheme.LIGHT);
            s.show();
            return s;
        });
        return stage;
    }

    private Node in(Stage stage, String id) {
        return ui.robot().from(stage.getScene().getRoot()).lookup(id).query();
    }

    private String text(Stage stage, String id) throws Exception {
        for (int i = 0; i < 100 && Fx.call(() -> ((Label) in(stage, id)).getText()).isEmpty(); i++) {
            Thread.sleep(50);
        }
        return Fx.call(() -> ((Label) in(stage, id)).getText());
    }

    @Test
    void theSessionCacheChoicesAreThisSystemsOnlyByName() throws Exception {
        Stage stage = open(loginItem(null), "secret-service", null);
        @SuppressWarnings("unchecked")
        ChoiceBox<String> keyring = (ChoiceBox<String>) in(stage, "#keyring");
        List<String> shown = Fx.call(() -> keyring.getItems().stream()
                .map(id -> keyring.getConverter() == null ? id : keyring.getConverter().toString(id)).toList());
        assertEquals(List.of("Automatic (this system's keyring, else files)", "GNOME Keyring / Secret Service",
                "Files only you can read (not encrypted)"), shown, "on Linux");
        assertEquals("Sessions are cached in: GNOME Keyring / Secret Service.", text(stage, "#keyringNote"));
        Fx.screenshot(stage, "settings-keyrings-by-name");
    }

    @Test
    void automaticThatFellBackToFilesSaysSo() throws Exception {
        Stage stage = open(loginItem(null), "file", null);
        assertEquals("Automatic fell back to files: GNOME Keyring / Secret Service did not answer when the tray started.",
                text(stage, "#keyringNote"));
    }

    @Test
    void aLeadTimeEmptiedOrTypedAsWordsNeverFailsOnTheFxThread() throws Exception {
        Stage stage = open(loginItem(null), "file", null);
        Spinner<?> lead = (Spinner<?>) in(stage, "#lead");
        Fx.run(() -> lead.getEditor().setText(""));
        ui.robot().clickOn(lead.getEditor()).write("ten");
        assertEquals("", Fx.call(() -> lead.getEditor().getText()), "only digits go in");
        ui.robot().clickOn(in(stage, "#save"));
        assertEquals(List.of(), uncaught, "Save failed on the FX thread");
        assertEquals("Notify before expiry: type a number of minutes, 1 to 60", text(stage, "#error"));
        assertTrue(Fx.call(stage::isShowing), "the window stays, to be fixed");
        assertEquals(List.of(), saved);

        ui.robot().clickOn(lead.getEditor()).write("7");
        ui.robot().clickOn(in(stage, "#save"));
        for (int i = 0; i < 100 && Fx.call(stage::isShowing); i++) {
            Thread.sleep(50);
        }
        assertFalse(Fx.call(stage::isShowing), "saved: " + text(stage, "#error"));
        assertEquals(List.of(Settings.DEFAULTS.withNotifyLead(java.time.Duration.ofMinutes(7))), saved);
    }

    /** The background agent's box shows the setting and saves what it shows. */
    @Test
    void theBackgroundAgentBoxSavesTheAgentSetting() throws Exception {
        Stage stage = open(loginItem(null), "file", null);
        CheckBox agent = (CheckBox) in(stage, "#agent");
        assertTrue(Fx.call(agent::isSelected), "on by default");
        ui.robot().clickOn(agent);
        ui.robot().clickOn(in(stage, "#save"));
        for (int i = 0; i < 100 && Fx.call(stage::isShowing); i++) {
            Thread.sleep(50);
        }
        assertFalse(Fx.call(stage::isShowing), "saved: " + text(stage, "#error"));
        assertEquals(List.of(Settings.DEFAULTS.withAgent(false)), saved);
    }

    @Test
    void anAutostartEntryThatFailsItsOwnWayIsOneLineAndTheWindowStays() throws Exception {
        Stage stage = open(loginItem(new IllegalStateException("RegSetValueEx failed: 5")), "file", null);
        ui.robot().clickOn(in(stage, "#startAtLogin"));
        ui.robot().clickOn(in(stage, "#save"));
        assertEquals(List.of(), uncaught, "Save failed on the FX thread");
        String error = text(stage, "#error");
        assertTrue(error.startsWith("Could not save the settings"), error);
        assertFalse(error.contains("Exception") || error.contains("RegSetValueEx"), error);
        assertTrue(Fx.call(stage::isShowing));
        assertEquals(List.of(), saved, "nothing saved when the autostart entry could not be written");
        // And the toolkit runs on: the next window opens.
        Stage again = open(loginItem(null), "file", null);
        assertTrue(Fx.call(again::isShowing));
    }
}
