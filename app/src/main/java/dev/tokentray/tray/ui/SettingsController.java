package dev.tokentray.tray.ui;

import dev.tokentray.TokentrayException;
import dev.tokentray.core.Settings;
import dev.tokentray.tray.login.LoginItem;
import java.time.Duration;
import java.util.function.Consumer;
import javafx.fxml.FXML;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.stage.Stage;

/** The settings window (settings.fxml): saved to TOKENTRAY_HOME/settings.properties on Save. */
public final class SettingsController {
    private final Settings current;
    private final LoginItem loginItem;
    private final Consumer<Settings> save;

    @FXML private Spinner<Integer> lead;
    @FXML private CheckBox autoRefresh;
    @FXML private ChoiceBox<String> keyring;
    @FXML private CheckBox startAtLogin;
    @FXML private Label note;
    @FXML private Label error;

    SettingsController(Settings current, LoginItem loginItem, Consumer<Settings> save) {
        this.current = current;
        this.loginItem = loginItem;
        this.save = save;
    }

    @FXML
    private void initialize() {
        lead.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 60, (int) current.notifyLead().toMinutes()));
        autoRefresh.setSelected(current.autoRefresh());
        keyring.getItems().setAll(Settings.KEYRINGS);
        keyring.setValue(current.keyring());
        startAtLogin.setSelected(loginItem.supported() && loginItem.enabled());
        startAtLogin.setDisable(!loginItem.supported());
        note.setText((loginItem.supported() ? "" : "Start at login is not available on this system. ")
                + "A new session cache applies from the next start of the tray; the shim reads it at once.");
    }

    @FXML
    private void onSave() {
        try {
            lead.increment(0); // commits a value typed into the spinner's editor
            Settings next = current.withNotifyLead(Duration.ofMinutes(lead.getValue()))
                    .withAutoRefresh(autoRefresh.isSelected())
                    .withKeyring(keyring.getValue())
                    .withStartAtLogin(startAtLogin.isSelected());
            if (loginItem.supported() && next.startAtLogin() != loginItem.enabled()) {
                loginItem.set(next.startAtLogin());
            }
            save.accept(next);
            ((Stage) lead.getScene().getWindow()).close();
        } catch (TokentrayException e) {
            error.setText(e.getMessage());
        }
    }

    @FXML
    private void onCancel() {
        ((Stage) lead.getScene().getWindow()).close();
    }
}
