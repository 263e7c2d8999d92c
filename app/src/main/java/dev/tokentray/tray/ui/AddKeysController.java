package dev.tokentray.tray.ui;

import dev.tokentray.core.Tokentray;
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

/** The "Add keys" window (add-keys.fxml); a first add creates the vault, so it asks the new password twice. */
public final class AddKeysController {
    private final Tokentray engine;
    private final Executor worker;
    private final Consumer<String> done;

    @FXML private TextField profile;
    @FXML private TextField keyId;
    @FXML private PasswordField secret;
    @FXML private Label passwordLabel;
    @FXML private PasswordField password;
    @FXML private Label repeatLabel;
    @FXML private PasswordField repeat;
    @FXML private Label error;
    @FXML private ProgressIndicator progress;
    @FXML private Button submit;

    AddKeysController(Tokentray engine, Executor worker, Consumer<String> done) {
        this.engine = engine;
        this.worker = worker;
        this.done = done;
    }

    @FXML
    private void initialize() {
        boolean first = !engine.vault().exists();
        passwordLabel.setText(first ? "New vault password" : "Vault password");
        repeatLabel.setVisible(first);
        repeatLabel.setManaged(first);
        repeat.setVisible(first);
        repeat.setManaged(first);
    }

    @FXML
    private void onSubmit() {
        String name = profile.getText().strip();
        String id = keyId.getText().strip();
        if (name.isEmpty() || id.isEmpty() || secret.getCharacters().length() == 0) {
            error.setText("Fill in the profile, the access key ID and the secret access key.");
            return;
        }
        if (repeat.isVisible() && !password.getText().contentEquals(repeat.getCharacters())) {
            error.setText("The two passwords differ; type them again.");
            password.clear();
            repeat.clear();
            return;
        }
        char[] key = PasswordFields.take(secret);
        char[] pw = PasswordFields.take(password);
        repeat.clear();
        progress.setVisible(true);
        submit.setDisable(true);
        CompletableFuture.supplyAsync(() -> {
            try {
                return engine.addKeys(name, id, key, pw);
            } finally {
                Arrays.fill(key, '\0');
                Arrays.fill(pw, '\0');
            }
        }, worker).whenComplete((replaced, failure) -> Platform.runLater(() -> {
            progress.setVisible(false);
            submit.setDisable(false);
            if (failure != null) {
                error.setText(ProfilesController.message(failure));
                return;
            }
            done.accept((replaced ? "Replaced the keys of " : "Added keys for ") + name + " to the vault.");
            ((Stage) submit.getScene().getWindow()).close();
        }));
    }

    @FXML
    private void onCancel() {
        secret.clear();
        password.clear();
        ((Stage) submit.getScene().getWindow()).close();
    }
}
