package dev.tokentray.tray.ui;

import dev.tokentray.cache.Session;
import dev.tokentray.core.UnlockedState;
import dev.tokentray.mfa.MfaCode;
import dev.tokentray.sts.NeedsUserException;
import dev.tokentray.tray.ProfileActions;
import dev.tokentray.vault.WrongPasswordException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.stage.Stage;

/**
 * The unlock dialog (unlock.fxml): asks only what this unlock needs, runs STS on a worker thread
 * with a progress indicator, and keeps the dialog open with the reason inline when the password
 * or the code is refused.
 */
public final class UnlockController {
    private final String profile;
    private final UnlockedState.Needs needs;
    private final boolean renew;
    private final String about;
    private final ProfileActions actions;
    private final Executor worker;
    private final CompletableFuture<Session> result;
    private Thread keyReader;

    @FXML private Label title;
    @FXML private Label detail;
    @FXML private Label passwordLabel;
    @FXML private PasswordField password;
    @FXML private Label codeLabel;
    @FXML private TextField code;
    @FXML private Label yubikey;
    @FXML private Label error;
    @FXML private ProgressIndicator progress;
    @FXML private Label progressText;
    @FXML private Button submit;
    @FXML private Button cancel;

    UnlockController(String profile, UnlockedState.Needs needs, boolean renew, String about, ProfileActions actions,
                     Executor worker, CompletableFuture<Session> result) {
        this.profile = profile;
        this.needs = needs;
        this.renew = renew;
        this.about = about;
        this.actions = actions;
        this.worker = worker;
        this.result = result;
    }

    @FXML
    private void initialize() {
        title.setText("Unlock " + profile);
        // A renewal says what renews this profile's session: the password, a code, the YubiKey.
        detail.setText(renew ? about + "\n" + needs.renewSentence() : about);
        show(passwordLabel, password, needs.password());
        show(codeLabel, code, needs.mfaCode());
        hideErrorOnEdit();
        Platform.runLater(() -> (needs.password() ? password : code).requestFocus());
        if (needs.yubikey()) {
            code.setPromptText("or use your YubiKey");
            readYubikey();
        }
    }

    /**
     * The YubiKey and the person race for the code: the key's code fills the field (and unlocks
     * when nothing else is needed); a code typed and submitted first stops the key.
     */
    private void readYubikey() {
        keyStatus("Reading the code from your YubiKey…");
        keyReader = new Thread(() -> {
            try {
                String fromKey = actions.yubikeyCode(profile);
                if (fromKey != null) {
                    Platform.runLater(() -> keyAnswered(fromKey));
                }
            } catch (RuntimeException e) {
                if (!Thread.currentThread().isInterrupted()) {
                    Platform.runLater(() -> keyStatus(sentence(e.getMessage()) + " Type the code instead."));
                }
            }
        }, "unlock-yubikey");
        keyReader.setDaemon(true);
        keyReader.start();
    }

    private void keyAnswered(String fromKey) {
        if (submit.isDisabled() || !code.getText().isBlank() || result.isDone()) {
            return; // the person was quicker
        }
        code.setText(fromKey);
        keyStatus("Code read from your YubiKey.");
        if (password.isVisible() && password.getCharacters().length() == 0) {
            password.requestFocus();
        } else {
            onSubmit();
        }
    }

    /** What the YubiKey is doing ("Touch your YubiKey"), shown under the fields. */
    public void keyStatus(String text) {
        showLine(yubikey, text);
    }

    private void stopKeyReader() {
        Thread t = keyReader;
        if (t != null) {
            t.interrupt();
        }
    }

    @FXML
    private void onSubmit() {
        if (password.isVisible() && password.getCharacters().length() == 0) {
            showError("Enter the vault password.");
            password.requestFocus();
            return;
        }
        String typed = code.getText().strip();
        if (code.isVisible() && !MfaCode.wellFormed(typed)) {
            showError("The MFA code is the " + MfaCode.DIGITS + " digits your device shows now.");
            code.selectAll();
            code.requestFocus();
            return;
        }
        stopKeyReader();
        char[] submitted = password.isVisible() ? PasswordFields.take(password) : null;
        busy(true, "Asking AWS STS…");
        String codeToSend = code.isVisible() ? typed : null;
        CompletableFuture.supplyAsync(() -> actions.unlock(profile, submitted, codeToSend, renew), worker)
                .whenComplete((session, failure) -> Platform.runLater(() -> finished(session, failure)));
    }

    @FXML
    private void onCancel() {
        stopKeyReader();
        result.completeExceptionally(new CancellationException("unlock of " + profile + " cancelled"));
        close();
    }

    /** Closing the window is a cancel, so no caller waits for a dialog that is gone. */
    void onCloseRequest() {
        stopKeyReader();
        result.completeExceptionally(new CancellationException("unlock of " + profile + " cancelled"));
    }

    private void finished(Session session, Throwable failure) {
        busy(false, "");
        if (failure == null) {
            result.complete(session);
            close();
            return;
        }
        Throwable cause = failure.getCause() != null && failure instanceof java.util.concurrent.CompletionException
                ? failure.getCause() : failure;
        String message = cause instanceof WrongPasswordException ? "Wrong vault password; type it again."
                : cause.getMessage() != null ? cause.getMessage() : cause.toString();
        showError(message);
        boolean vaultOpenNow = actions.state().vaultOpen();
        show(passwordLabel, password, !vaultOpenNow && needs.password());
        if (cause instanceof NeedsUserException && message.contains("MFA code")) {
            show(codeLabel, code, true);
        }
        if (!(cause instanceof WrongPasswordException)) {
            // A wrong password stopped before AWS: the code typed with it is still unused and stays.
            code.clear();
        }
        (password.isVisible() && !vaultOpenNow ? password : code).requestFocus();
    }

    /**
     * An error line is about what was typed: it goes as soon as the person types again (a field
     * emptied after a failure is not a new answer, so that keeps it).
     */
    private void hideErrorOnEdit() {
        javafx.beans.value.ChangeListener<String> edited = (o, was, now) -> {
            if (error.isVisible() && !submit.isDisabled() && !now.isEmpty()) {
                error.setVisible(false);
                error.setManaged(false);
            }
        };
        password.textProperty().addListener(edited);
        code.textProperty().addListener(edited);
    }

    private void busy(boolean on, String what) {
        progress.setVisible(on);
        progressText.setText(what);
        submit.setDisable(on);
        password.setDisable(on);
        code.setDisable(on);
        if (on) {
            error.setVisible(false);
            error.setManaged(false);
        }
    }

    private void showError(String message) {
        showLine(error, message);
    }

    /** Shows a line under the fields and grows the dialog to fit it (once it is on screen). */
    private static void showLine(Label line, String text) {
        line.setText(text);
        line.setVisible(true);
        line.setManaged(true);
        if (line.getScene() != null && line.getScene().getWindow() != null) {
            line.getScene().getWindow().sizeToScene();
        }
    }

    private void close() {
        ((Stage) submit.getScene().getWindow()).close();
    }

    private static void show(Node label, Node field, boolean on) {
        label.setVisible(on);
        label.setManaged(on);
        field.setVisible(on);
        field.setManaged(on);
    }

    /** The key's one-line message as a sentence, so the hint after it reads as the next one. */
    private static String sentence(String message) {
        String text = message == null ? "" : message.strip();
        return text.isEmpty() || text.endsWith(".") ? text : text + ".";
    }
}
