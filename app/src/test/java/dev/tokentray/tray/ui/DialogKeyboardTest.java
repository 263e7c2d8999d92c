package dev.tokentray.tray.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.Session;
import dev.tokentray.core.FirstRun;
import dev.tokentray.testing.Fx;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The dialogs without a mouse and for a screen reader: Tab reaches every control the person can
 * use, each one has a name to be read out, Enter does what the default button does and Escape
 * cancels; a problem line carries a glyph, not only its red. TestFX, headless, the real engine.
 */
class DialogKeyboardTest {
    @RegisterExtension
    static TrayUi ui = new TrayUi();

    /** The controls a person acts on, outermost only (a Spinner, not the text field inside it). */
    private static List<Control> inputs(Parent root) {
        List<Control> found = new ArrayList<>();
        collect(root, found);
        return found;
    }

    private static void collect(Parent parent, List<Control> found) {
        for (Node child : parent.getChildrenUnmodifiable()) {
            if (!child.isVisible() || !child.isManaged() || child.isDisabled()) {
                continue;
            }
            if (isInput(child)) {
                found.add((Control) child);
            } else if (child instanceof Parent p) {
                collect(p, found);
            }
        }
    }

    private static boolean isInput(Node node) {
        return node instanceof TextInputControl || node instanceof ButtonBase || node instanceof ChoiceBox
                || node instanceof ComboBox || node instanceof Spinner || node instanceof ListView;
    }

    /** The name a screen reader says: the accessible text, else a button's or check box's own words. */
    private static String accessibleName(Control control) {
        if (control.getAccessibleText() != null && !control.getAccessibleText().isBlank()) {
            return control.getAccessibleText();
        }
        return control instanceof Labeled labeled ? labeled.getText().replace("_", "") : "";
    }

    /** The input control that holds {@code node} (a Spinner for its editor), or null. */
    private static Control inputOf(Node node, List<Control> inputs) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n instanceof Control c && inputs.contains(c)) {
                return c;
            }
        }
        return null;
    }

    /**
     * Starting from the first control, Tab round the dialog; every control must get the focus
     * and have a name. Returns what was reached in order, by name.
     */
    private List<String> walk(Stage stage) throws Exception {
        List<Control> inputs = Fx.call(() -> inputs(stage.getScene().getRoot()));
        assertFalse(inputs.isEmpty());
        for (Control input : inputs) {
            String name = Fx.call(() -> accessibleName(input));
            assertFalse(name.isBlank(), "no accessible name on " + input + " in '" + stage.getTitle() + "'");
        }
        Fx.run(() -> {
            stage.toFront();
            stage.requestFocus();
            inputs.get(0).requestFocus();
        });
        WaitForAsyncUtils.waitForFxEvents();
        Set<Control> reached = new LinkedHashSet<>();
        for (int i = 0; i < inputs.size() + 3; i++) {
            Control focused = Fx.call(() -> inputOf(stage.getScene().getFocusOwner(), inputs));
            if (focused != null) {
                reached.add(focused);
            }
            ui.robot().push(KeyCode.TAB);
        }
        List<String> names = new ArrayList<>();
        for (Control c : reached) {
            names.add(Fx.call(() -> accessibleName(c)));
        }
        for (Control input : inputs) {
            assertTrue(reached.contains(input), "Tab never reached " + Fx.call(() -> accessibleName(input))
                    + " in '" + stage.getTitle() + "'; it reached " + names);
        }
        return names;
    }

    private void pressIn(Stage stage, Node focus, KeyCode key) throws Exception {
        Fx.run(() -> {
            stage.toFront();
            stage.requestFocus();
            focus.requestFocus();
        });
        WaitForAsyncUtils.waitForFxEvents();
        ui.robot().push(key);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Node in(Stage stage, String id) {
        return ui.robot().from(stage.getScene().getRoot()).lookup(id).query();
    }

    private void awaitClosed(Stage stage, String key) throws Exception {
        for (int i = 0; i < 200 && Fx.call(stage::isShowing); i++) {
            Thread.sleep(50);
        }
        assertFalse(Fx.call(stage::isShowing), key + " closed '" + stage.getTitle() + "'; it says: "
                + Fx.call(() -> ((Label) in(stage, "#error")).getText()));
    }

    /** The problem line shows its text and the warning glyph beside it. */
    private static void assertProblemLine(Stage stage, Node errorLine) throws Exception {
        Label line = (Label) errorLine;
        for (int i = 0; i < 200 && Fx.call(() -> line.getText().isEmpty()); i++) {
            Thread.sleep(50);
        }
        assertFalse(Fx.call(() -> line.getText().isEmpty()), "Enter ran the default action, which shows a problem");
        Node glyph = Fx.call(line::getGraphic);
        assertInstanceOf(Text.class, glyph, "the problem line '" + Fx.call(line::getText) + "' has a glyph, not only red");
        assertEquals("⚠", ((Text) glyph).getText());
    }

    @Test
    void unlock() throws Exception {
        CompletableFuture<Session> answer = ui.world().views.ask("admin", false);
        Stage stage = Fx.awaitStage("Unlock admin");
        List<String> names = walk(stage);
        assertEquals(List.of("Vault password", "MFA code", "Cancel", "Unlock"), names);
        // Enter in the password field is Unlock: with nothing typed, the dialog says what is missing.
        pressIn(stage, in(stage, "#password"), KeyCode.ENTER);
        assertProblemLine(stage, in(stage, "#error"));
        pressIn(stage, in(stage, "#code"), KeyCode.ESCAPE);
        awaitClosed(stage, "Escape");
        org.junit.jupiter.api.Assertions.assertThrows(CancellationException.class, () -> answer.get(5, TimeUnit.SECONDS),
                "Escape is Cancel: whoever waited for the unlock is told so");
    }

    @Test
    void settings() throws Exception {
        Fx.run(ui.world().views::showSettings);
        Stage stage = Fx.awaitStage("Settings");
        List<String> names = walk(stage);
        assertTrue(names.contains("Notify before expiry, in minutes"), names.toString());
        assertTrue(names.contains("Session cache"), names.toString());
        pressIn(stage, in(stage, "#startAtLogin"), KeyCode.ESCAPE);
        awaitClosed(stage, "Escape");

        // Enter saves (and closes), from any control that does not use Enter itself.
        Fx.run(ui.world().views::showSettings);
        Stage again = Fx.awaitStage("Settings");
        Fx.run(() -> ((CheckBox) in(again, "#autoRefresh")).setSelected(!((CheckBox) in(again, "#autoRefresh")).isSelected()));
        boolean autoRefresh = Fx.call(() -> ((CheckBox) in(again, "#autoRefresh")).isSelected());
        pressIn(again, in(again, "#autoRefresh"), KeyCode.ENTER);
        awaitClosed(again, "Enter");
        assertEquals(autoRefresh, ui.world().settings.current().autoRefresh(), "Enter saved the settings");
    }

    @Test
    void addKeys() throws Exception {
        ui.world().actions.state().lock();
        Fx.run(() -> ui.world().views.showAddKeys(message -> { }));
        Stage stage = Fx.awaitStage("Add keys");
        List<String> names = walk(stage);
        assertEquals(List.of("Profile", "Access key ID", "Secret access key", "Vault password", "Cancel", "Add"), names);
        // Alt and a label's underlined letter go to the field it names.
        Fx.run(() -> in(stage, "#profile").requestFocus());
        ui.robot().press(KeyCode.ALT).press(KeyCode.K).release(KeyCode.K).release(KeyCode.ALT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("keyId", Fx.call(() -> stage.getScene().getFocusOwner().getId()), "Alt+K: Access key ID");
        ui.robot().press(KeyCode.ALT).press(KeyCode.V).release(KeyCode.V).release(KeyCode.ALT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("password", Fx.call(() -> stage.getScene().getFocusOwner().getId()), "Alt+V: Vault password");
        pressIn(stage, in(stage, "#profile"), KeyCode.ENTER);
        assertProblemLine(stage, in(stage, "#error"));
        pressIn(stage, in(stage, "#secret"), KeyCode.ESCAPE);
        awaitClosed(stage, "Escape");
    }

    @Test
    void importDialog() throws Exception {
        ui.world().home.credentials("[ci]\naws_access_key_id = AKIAEXAMPLEEXAMPLE01\naws_secret_access_key = "
                + "a".repeat(40) + "\n");
        ui.world().actions.state().lock();
        Fx.run(() -> ui.world().views.showImport(message -> { }));
        Stage stage = Fx.awaitStage("Import");
        List<String> names = walk(stage);
        assertTrue(names.contains("Key pairs to import"), names.toString());
        assertTrue(names.contains("Vault password"), names.toString());
        // Enter with no password: the dialog says so in its problem line.
        pressIn(stage, in(stage, "#password"), KeyCode.ENTER);
        assertProblemLine(stage, in(stage, "#error"));
        pressIn(stage, in(stage, "#removePlaintext"), KeyCode.ESCAPE);
        awaitClosed(stage, "Escape");
    }

    @Test
    void firstRun() throws Exception {
        ui.world().actions.state().lock();
        Fx.run(ui.world().views::showProfiles);
        FirstRun.Facts facts = new FirstRun(ui.world().engine).facts();
        Fx.run(() -> ui.world().views.showFirstRun(facts, false));
        Stage stage = Fx.awaitStage("Set up tokentray");
        List<String> names = walk(stage);
        assertEquals(List.of("Vault password", "Cancel", "Next"), names);
        pressIn(stage, in(stage, "#password"), KeyCode.ENTER);
        assertProblemLine(stage, in(stage, "#error"));

        // The right password and Enter: the keys step, as reachable.
        Fx.run(() -> ((TextInputControl) in(stage, "#password")).setText(TrayUiWorld.PASSWORD));
        pressIn(stage, in(stage, "#password"), KeyCode.ENTER);
        for (int i = 0; i < 200 && !Fx.call(() -> in(stage, "#keysPage").isVisible()); i++) {
            Thread.sleep(50);
        }
        List<String> keys = walk(stage);
        assertTrue(keys.containsAll(List.of("Profile", "Access key ID", "Secret access key", "Cancel")), keys.toString());
        pressIn(stage, in(stage, "#keyId"), KeyCode.ESCAPE);
        awaitClosed(stage, "Escape");
    }
}
