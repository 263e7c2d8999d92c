package dev.tokentray.tray.ui;

import dev.tokentray.FailureLine;
import dev.tokentray.TokentrayException;
import dev.tokentray.cache.KeyringBackends;
import dev.tokentray.core.Settings;
import dev.tokentray.tray.login.LoginItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.stage.Stage;
import javafx.util.StringConverter;

/**
 * The settings window (settings.fxml): saved to TOKENTRAY_HOME/settings.properties on Save. Save
 * never takes the tray down: whatever fails there (a value typed wrong, the autostart entry, the
 * file) becomes one line in the window, which stays open with what was typed.
 */
public final class SettingsController {
    private final Settings current;
    private final LoginItem loginItem;
    private final Consumer<Settings> save;
    private final CompletionStage<String> keyringInUse;
    private final String keyringVariable;

    @FXML private Spinner<Integer> lead;
    @FXML private CheckBox autoRefresh;
    @FXML private ChoiceBox<String> keyring;
    @FXML private CheckBox startAtLogin;
    @FXML private CheckBox agent;
    @FXML private Label keyringNote;
    @FXML private Label note;
    @FXML private Label error;

    /**
     * @param keyringInUse    the id of the session cache the tray runs with (it may take a moment to connect)
     * @param keyringVariable TOKENTRAY_KEYRING as the tray was started with it, which wins over the choice here; or null
     */
    SettingsController(Settings current, LoginItem loginItem, Consumer<Settings> save, CompletionStage<String> keyringInUse,
                       String keyringVariable) {
        this.current = current;
        this.loginItem = loginItem;
        this.save = save;
        this.keyringInUse = keyringInUse;
        this.keyringVariable = keyringVariable;
    }

    @FXML
    private void initialize() {
        SpinnerValueFactory.IntegerSpinnerValueFactory minutes =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 60, (int) current.notifyLead().toMinutes());
        // The spinner takes in what was typed whenever it loses focus, on the FX thread: what it
        // cannot read must not throw there (it would reach no one), so it keeps the last value.
        minutes.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer value) {
                return value == null ? "" : value.toString();
            }

            @Override
            public Integer fromString(String text) {
                try {
                    return Integer.valueOf(text.strip());
                } catch (NumberFormatException e) {
                    return minutes.getValue();
                }
            }
        });
        lead.setValueFactory(minutes);
        lead.getEditor().setTextFormatter(new javafx.scene.control.TextFormatter<String>(
                change -> change.getControlNewText().matches("\\d{0,2}") ? change : null));
        autoRefresh.setSelected(current.autoRefresh());
        // Only what can work on this system, by name; a choice saved elsewhere still shows as it is.
        List<String> choices = new ArrayList<>(Settings.keyringsHere());
        if (!choices.contains(current.keyring())) {
            choices.add(current.keyring());
        }
        keyring.setConverter(new StringConverter<>() {
            @Override
            public String toString(String id) {
                return id == null ? "" : Settings.keyringName(id);
            }

            @Override
            public String fromString(String name) {
                return choices.stream().filter(id -> Settings.keyringName(id).equals(name)).findFirst().orElse(name);
            }
        });
        keyring.getItems().setAll(choices);
        keyring.setValue(current.keyring());
        startAtLogin.setSelected(loginItem.supported() && loginItem.enabled());
        startAtLogin.setDisable(!loginItem.supported());
        agent.setSelected(current.agent());
        note.setText((loginItem.supported() ? "" : "Start at login is not available on this system. ")
                + "A new session cache applies from the next start of the tray; the shim reads it at once.");
        keyringInUse.whenComplete((id, failure) -> Platform.runLater(() -> {
            keyringNote.setText(inUse(id));
            // The line arrives after the window has its size: it grows to keep everything below in view.
            if (keyringNote.getScene() != null && keyringNote.getScene().getWindow() != null) {
                keyringNote.getScene().getWindow().sizeToScene();
            }
        }));
    }

    /** Where sessions are cached now, and whether "auto" had to fall back to files. */
    private String inUse(String id) {
        if (id == null) {
            return "";
        }
        if (keyringVariable != null && !keyringVariable.isBlank()) {
            return "Sessions are cached in: " + Settings.keyringName(id) + ", because " + KeyringBackends.VARIABLE + "="
                    + keyringVariable + " is set, which wins over this choice.";
        }
        String own = Settings.keyringsHere().stream().filter(k -> !k.equals("auto") && !k.equals("file")).findFirst()
                .orElse(null);
        if (current.keyring().equals("auto") && id.equals("file") && own != null) {
            return "Automatic fell back to files: " + Settings.keyringName(own) + " did not answer when the tray started.";
        }
        return "Sessions are cached in: " + Settings.keyringName(id) + ".";
    }

    @FXML
    private void onSave() {
        error.setText("");
        Settings next;
        try {
            next = current.withNotifyLead(Duration.ofMinutes(leadMinutes()))
                    .withAutoRefresh(autoRefresh.isSelected())
                    .withKeyring(keyring.getValue())
                    .withStartAtLogin(startAtLogin.isSelected())
                    .withAgent(agent.isSelected());
            if (loginItem.supported() && next.startAtLogin() != loginItem.enabled()) {
                loginItem.set(next.startAtLogin());
            }
            save.accept(next);
        } catch (TokentrayException e) {
            error.setText(e.getMessage());
            return;
        } catch (RuntimeException | LinkageError e) {
            // A defect of ours, or an OS call that failed its own way: said here, logged, and the tray runs on.
            error.setText("Could not save the settings (an internal error); nothing else changed. Please report it.");
            System.err.println(FailureLine.of(e)); // the tray's log
            return;
        }
        ((Stage) lead.getScene().getWindow()).close();
    }

    /** The lead time as typed, even when the spinner has not taken it in yet. */
    private int leadMinutes() {
        String typed = lead.getEditor().getText().strip();
        try {
            return Integer.parseInt(typed);
        } catch (NumberFormatException e) {
            throw new TokentrayException("Notify before expiry: type a number of minutes, 1 to 60");
        }
    }

    @FXML
    private void onCancel() {
        ((Stage) lead.getScene().getWindow()).close();
    }
}
