package dev.tokentray.tray.ui;

import dev.tokentray.core.ProfileStatus;
import dev.tokentray.core.Tokentray;
import dev.tokentray.config.KeySource;
import java.util.ArrayList;
import java.util.Arrays;
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

/** The "Import" window (import.fxml): the plaintext key pairs of the credentials file, ticked to move into the vault. */
public final class ImportController {
    private final Tokentray engine;
    private final Executor worker;
    private final Consumer<String> done;

    @FXML private Label source;
    @FXML private ListView<CheckBox> profiles;
    @FXML private CheckBox removePlaintext;
    @FXML private PasswordField password;
    @FXML private Label error;
    @FXML private ProgressIndicator progress;
    @FXML private Button submit;

    ImportController(Tokentray engine, Executor worker, Consumer<String> done) {
        this.engine = engine;
        this.worker = worker;
        this.done = done;
    }

    @FXML
    private void initialize() {
        source.setText("Key pairs in " + engine.env().awsCredentialsFile() + ":");
        for (ProfileStatus row : engine.overview()) {
            if (KeySource.Kind.CREDENTIALS_FILE.label().equals(row.keys()) || row.plaintextCopy()) {
                CheckBox box = new CheckBox(row.profile() + (row.plaintextCopy() ? "  (already in the vault)" : ""));
                box.setUserData(row.profile());
                box.setSelected(true);
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
        char[] pw = PasswordFields.take(password);
        boolean remove = removePlaintext.isSelected();
        progress.setVisible(true);
        submit.setDisable(true);
        CompletableFuture.supplyAsync(() -> {
            try {
                return engine.importKeys(chosen, remove, pw);
            } finally {
                Arrays.fill(pw, '\0');
            }
        }, worker).whenComplete((result, failure) -> Platform.runLater(() -> {
            progress.setVisible(false);
            submit.setDisable(false);
            if (failure != null) {
                error.setText(ProfilesController.message(failure));
                return;
            }
            done.accept("Imported " + String.join(", ", result.imported()) + " into the vault"
                    + (result.removedFromPlaintext().isEmpty() ? "." : "; removed the plaintext copies."));
            ((Stage) submit.getScene().getWindow()).close();
        }));
    }

    @FXML
    private void onCancel() {
        password.clear();
        ((Stage) submit.getScene().getWindow()).close();
    }
}
