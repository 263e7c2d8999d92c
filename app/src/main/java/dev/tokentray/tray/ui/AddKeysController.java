package dev.tokentray.tray.ui;

import dev.tokentray.core.Tokentray;
import dev.tokentray.core.UnlockedState;
import dev.tokentray.tray.ProfileActions;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.stage.Stage;

/**
 * The "Add keys" window (add-keys.fxml). A first add creates the vault, so it asks the new
 * password twice; while the vault is open it asks none. What was typed stays until the keys are
 * stored: a wrong password empties only the password.
 */
public final class AddKeysController {
    private final Tokentray engine;
    private final UnlockedState state;
    private final Executor worker;
    private final Consumer<String> done;
    private VaultPasswordRows vaultPassword;

    @FXML private TextField profile;
    @FXML private TextField keyId;
    @FXML private PasswordField secret;
    @FXML private Label passwordLabel;
    @FXML private PasswordField password;
    @FXML private Label repeatLabel;
    @FXML private PasswordField repeat;
    @FXML private Label strength;
    @FXML private Label error;
    @FXML private ProgressIndicator progress;
    @FXML private Button submit;

    AddKeysController(ProfileActions actions, Executor worker, Consumer<String> done) {
        this.engine = actions.engine();
        this.state = actions.state();
        this.worker = worker;
        this.done = done;
    }

    @FXML
    private void initialize() {
        vaultPassword = new VaultPasswordRows(passwordLabel, password, repeatLabel, repeat, strength,
                engine.vault().exists(), state.vaultOpen());
        PasswordFields.clearOnEdit(error, profile, keyId, secret, password, repeat);
        PasswordFields.fitWindowTo(error);
    }

    @FXML
    private void onSubmit() {
        String name = profile.getText().strip();
        String id = keyId.getText().strip();
        if (name.isEmpty() || id.isEmpty() || secret.getText().isEmpty()) {
            error.setText("Fill in the profile, the access key ID and the secret access key.");
            return;
        }
        String problem = vaultPassword.problem();
        if (problem != null) {
            error.setText(problem);
            return;
        }
        char[] key = PasswordFields.copy(secret);
        char[] pw = vaultPassword.typed();
        progress.setVisible(true);
        submit.setDisable(true);
        CompletableFuture.supplyAsync(() -> {
            try {
                return state.withVaultPassword(pw, p -> engine.addKeys(name, id, key, p));
            } finally {
                Arrays.fill(key, '\0');
            }
        }, worker).whenComplete((replaced, failure) -> Platform.runLater(() -> {
            progress.setVisible(false);
            submit.setDisable(false);
            if (failure != null) {
                error.setText(vaultPassword.failed(failure, state));
                return;
            }
            secret.clear();
            vaultPassword.clear();
            done.accept((replaced ? "Replaced the keys of " : "Added keys for ") + name + " to the vault.");
            ((Stage) submit.getScene().getWindow()).close();
        }));
    }

    @FXML
    private void onCancel() {
        secret.clear();
        vaultPassword.clear();
        ((Stage) submit.getScene().getWindow()).close();
    }
}
