package dev.tokentray.tray.ui;

import dev.tokentray.core.ProfileStatus;
import dev.tokentray.core.Tokentray;
import dev.tokentray.core.UnlockedState;
import dev.tokentray.tray.ProfileActions;
import dev.tokentray.config.KeySource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.stage.Stage;

/**
 * The "Import" window (import.fxml): the plaintext key pairs of the credentials file, ticked to
 * move into the vault; the vault password only while the vault is locked (twice for a first vault).
 */
public final class ImportController {
    private final Tokentray engine;
    private final UnlockedState state;
    private VaultPasswordRows vaultPassword;
    private final Executor worker;
    private final Consumer<String> done;

    @FXML private Label source;
    @FXML private ListView<CheckBox> profiles;
    @FXML private CheckBox removePlaintext;
    @FXML private Label passwordLabel;
    @FXML private PasswordField password;
    @FXML private Label repeatLabel;
    @FXML private PasswordField repeat;
    @FXML private Label strength;
    @FXML private Label error;
    @FXML private ProgressIndicator progress;
    @FXML private Button submit;

    ImportController(ProfileActions actions, Executor worker, Consumer<String> done) {
        this.engine = actions.engine();
        this.state = actions.state();
        this.worker = worker;
        this.done = done;
    }

    @FXML
    private void initialize() {
        vaultPassword = new VaultPasswordRows(passwordLabel, password, repeatLabel, repeat, strength,
                engine.vault().exists(), state.vaultOpen());
        PasswordFields.clearOnEdit(error, password, repeat);
        PasswordFields.fitWindowTo(error);
        source.setText("Key pairs in " + engine.env().awsCredentialsFile() + ":");
        for (ProfileStatus row : engine.overview()) {
            if (KeySource.Kind.CREDENTIALS_FILE.label().equals(row.keys()) || row.plaintextCopy()) {
                CheckBox box = new CheckBox(row.profile() + (row.plaintextCopy() ? "  (already in the vault)" : ""));
                box.setUserData(row.profile());
                box.setSelected(true);
                box.selectedProperty().addListener((o, was, now) -> error.setText(""));
                profiles.getItems().add(box);
            }
        }
        if (profiles.getItems().isEmpty()) {
            error.setText("No long-lived key pairs in the credentials file: nothing to import.");
            submit.setDisable(true);
        }
    }

    @FXML
    private void onSubmit() {
        List<String> chosen = new ArrayList<>();
        for (CheckBox box : profiles.getItems()) {
            if (box.isSelected()) {
                chosen.add((String) box.getUserData());
            }
        }
        if (chosen.isEmpty()) {
            error.setText("Tick at least one profile.");
            return;
        }
        String problem = vaultPassword.problem();
        if (problem != null) {
            error.setText(problem);
            return;
        }
        error.setText("");
        char[] pw = vaultPassword.typed();
        boolean remove = removePlaintext.isSelected();
        progress.setVisible(true);
        submit.setDisable(true);
        CompletableFuture.supplyAsync(() -> state.withVaultPassword(pw, p -> engine.importKeys(chosen, remove, p)), worker).whenComplete((result, failure) -> Platform.runLater(() -> {
            progress.setVisible(false);
            submit.setDisable(false);
            if (failure != null) {
                error.setText(vaultPassword.failed(failure, state));
                return;
            }
            vaultPassword.clear();
            done.accept("Imported " + String.join(", ", result.imported()) + " into the vault"
                    + (result.removedFromPlaintext().isEmpty() ? "." : "; removed the plaintext copies."));
            ((Stage) submit.getScene().getWindow()).close();
        }));
    }

    @FXML
    private void onCancel() {
        vaultPassword.clear();
        ((Stage) submit.getScene().getWindow()).close();
    }
}
