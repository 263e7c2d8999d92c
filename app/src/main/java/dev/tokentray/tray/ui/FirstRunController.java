package dev.tokentray.tray.ui;

import dev.tokentray.core.FirstRun;
import dev.tokentray.core.Tokentray;
import dev.tokentray.tray.ProfileActions;
import dev.tokentray.tray.login.LoginItem;
import dev.tokentray.vault.PasswordStrength;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The first-run window (first-run.fxml): vault password → keys (and the MFA device IAM lists) →
 * AWS CLI wiring and start at login. Each Next is one or more engine writes, each whole; Cancel
 * closes the window and leaves what earlier steps wrote.
 */
public final class FirstRunController {
    private enum Page { PASSWORD, KEYS, MFA, WIRE }

    private final FirstRun firstRun;
    private final ProfileActions actions;
    private final Executor worker;
    private final LoginItem loginItem;
    private final FirstRun.Facts facts;
    private final boolean importFirst;
    private final Consumer<String> done;
    /** The vault password from the first step, for the writes of the next ones; wiped when the window closes. */
    private char[] vaultPassword;
    /** The profiles given keys in this window. */
    private final Set<String> stored = new LinkedHashSet<>();
    private Page page = Page.PASSWORD;

    @FXML private Label step;
    @FXML private VBox passwordPage;
    @FXML private Label passwordTitle;
    @FXML private Label passwordIntro;
    @FXML private PasswordField password;
    @FXML private Label repeatLabel;
    @FXML private PasswordField repeat;
    @FXML private Label strength;
    @FXML private VBox keysPage;
    @FXML private Label foundLabel;
    @FXML private ListView<CheckBox> found;
    @FXML private CheckBox removePlaintext;
    @FXML private ComboBox<String> profile;
    @FXML private TextField keyId;
    @FXML private PasswordField secret;
    @FXML private VBox mfaPage;
    @FXML private VBox mfaFindings;
    @FXML private VBox wirePage;
    @FXML private Label wireIntro;
    @FXML private ListView<CheckBox> wire;
    @FXML private CheckBox startAtLogin;
    @FXML private Label error;
    @FXML private ProgressIndicator progress;
    @FXML private Button next;

    /**
     * @param importFirst opened from "Import N key pairs…" (else from "Add access keys…"): which
     *                    part of the keys step has the focus
     * @param done        told what was set up when the last step is done
     */
    FirstRunController(FirstRun firstRun, ProfileActions actions, Executor worker, LoginItem loginItem,
                       FirstRun.Facts facts, boolean importFirst, Consumer<String> done) {
        this.firstRun = firstRun;
        this.actions = actions;
        this.worker = worker;
        this.loginItem = loginItem;
        this.facts = facts;
        this.importFirst = importFirst;
        this.done = done;
    }

    @FXML
    private void initialize() {
        boolean creating = !facts.vaultExists();
        passwordTitle.setText(creating ? "Choose a vault password" : "Your vault password");
        passwordIntro.setText(creating
                ? "Your access keys are kept in a vault encrypted with this password. The tray asks for it the first"
                + " time it needs your keys; nobody can recover it for you if it is lost."
                : "The vault exists but holds no keys yet. Type the password it was made with.");
        show(repeatLabel, creating);
        show(repeat, creating);
        show(strength, creating);
        password.textProperty().addListener((o, was, now) -> {
            strength.setText(now.isEmpty() ? "" : PasswordStrength.of(password.getCharacters()).hint());
            error.setText("");
        });

        for (String name : facts.keyPairsFound()) {
            CheckBox box = checkBox(name);
            box.setUserData(name);
            box.setSelected(true);
            found.getItems().add(box);
        }
        boolean anyFound = !facts.keyPairsFound().isEmpty();
        foundLabel.setText(anyFound ? "Move these key pairs from " + facts.credentialsFile() + " into the vault:"
                : "No key pairs in " + facts.credentialsFile() + " to import.");
        show(found, anyFound);
        show(removePlaintext, anyFound);
        profile.getItems().setAll(facts.lackingKeys());
        profile.setPromptText(facts.lackingKeys().isEmpty() ? "name of the new profile" : "a profile without keys, or a new name");
        showPage(Page.PASSWORD);
    }

    @FXML
    void onNext() {
        error.setText("");
        switch (page) {
            case PASSWORD -> submitPassword();
            case KEYS -> submitKeys();
            case MFA -> submitMfa();
            case WIRE -> submitWire();
        }
    }

    @FXML
    void onCancel() {
        close();
    }

    private void submitPassword() {
        if (password.getCharacters().length() == 0) {
            error.setText("Type the vault password.");
            return;
        }
        if (repeat.isVisible() && !password.getText().contentEquals(repeat.getCharacters())) {
            password.clear();
            repeat.clear();
            error.setText("The two passwords differ; type them again.");
            return;
        }
        if (vaultPassword != null) {
            Arrays.fill(vaultPassword, '\0');
        }
        vaultPassword = PasswordFields.take(password);
        repeat.clear();
        char[] typed = vaultPassword.clone();
        work(() -> {
            firstRun.vaultPassword(typed);
            return null;
        }, ignored -> showPage(Page.KEYS), () -> Arrays.fill(typed, '\0'));
    }

    private void submitKeys() {
        List<String> chosen = new ArrayList<>();
        for (CheckBox box : found.getItems()) {
            if (box.isSelected()) {
                chosen.add((String) box.getUserData());
            }
        }
        String name = profile.getEditor().getText() == null ? "" : profile.getEditor().getText().strip();
        String id = keyId.getText().strip();
        boolean byHand = !name.isEmpty() || !id.isEmpty() || secret.getCharacters().length() > 0;
        if (byHand && (name.isEmpty() || id.isEmpty() || secret.getCharacters().length() == 0)) {
            error.setText("To add a key pair by hand, fill in the profile, the access key ID and the secret access key.");
            return;
        }
        if (chosen.isEmpty() && !byHand) {
            error.setText(found.getItems().isEmpty() ? "Add a key pair: a profile, its access key ID and secret access key."
                    : "Tick a key pair to import, or add one by hand.");
            return;
        }
        // Kept in the field until the vault holds it: AWS shows a secret access key only once.
        char[] key = byHand ? copy(secret) : new char[0];
        boolean remove = removePlaintext.isSelected();
        char[] pw = vaultPassword.clone();
        work(() -> {
            List<String> added = new ArrayList<>();
            if (byHand) {
                actions.engine().addKeys(name, id, key, pw);
                added.add(name);
            }
            if (!chosen.isEmpty()) {
                added.addAll(actions.engine().importKeys(chosen, remove, pw).imported());
            }
            return added;
        }, added -> {
            stored.addAll(added);
            secret.clear();
            keyId.clear();
            found.getItems().removeIf(box -> added.contains((String) box.getUserData()));
            lookUpMfa();
        }, () -> {
            Arrays.fill(key, '\0');
            Arrays.fill(pw, '\0');
        });
    }

    /** The tray's open vault gets the new keys, then IAM is asked for each new key pair's MFA device. */
    private void lookUpMfa() {
        char[] pw = vaultPassword.clone();
        char[] open = vaultPassword.clone();
        work(() -> {
            actions.state().open(open);
            actions.onChangeNow();
            return firstRun.mfaDevices(stored, pw);
        }, findings -> {
            mfaFindings.getChildren().clear();
            // Devices found first: they are what this step asks about.
            List<FirstRun.MfaFinding> shown = new ArrayList<>(findings);
            shown.sort(java.util.Comparator.comparing(f -> f.serial() == null));
            for (FirstRun.MfaFinding f : shown) {
                mfaFindings.getChildren().add(finding(f));
            }
            showPage(findings.isEmpty() ? Page.WIRE : Page.MFA);
        }, () -> {
            Arrays.fill(pw, '\0');
            Arrays.fill(open, '\0');
        });
    }

    private Node finding(FirstRun.MfaFinding f) {
        if (f.serial() == null) {
            Label line = new Label(f.problem() != null ? f.profile() + ": could not ask IAM: " + f.problem()
                    : f.profile() + ": IAM lists no MFA device for this user; its sessions go without MFA.");
            line.setWrapText(true);
            line.setMaxWidth(520);
            return line;
        }
        Label found = new Label("MFA device: " + f.serial() + " found for " + f.profile());
        found.setWrapText(true);
        found.setMaxWidth(520);
        CheckBox write = checkBox("Write mfa_serial into profile " + f.profile() + " in ~/.aws/config");
        write.setSelected(true);
        write.setUserData(f);
        write.setId("writeMfa-" + f.profile());
        return new VBox(4, found, write);
    }

    private void submitMfa() {
        List<FirstRun.MfaFinding> chosen = new ArrayList<>();
        for (Node n : mfaFindings.getChildren()) {
            if (n instanceof VBox box && box.getChildren().get(1) instanceof CheckBox write && write.isSelected()) {
                chosen.add((FirstRun.MfaFinding) write.getUserData());
            }
        }
        work(() -> {
            for (FirstRun.MfaFinding f : chosen) {
                firstRun.writeMfaSerial(f.profile(), f.serial());
            }
            return null;
        }, ignored -> showPage(Page.WIRE), () -> { });
    }

    private void submitWire() {
        List<String> chosen = new ArrayList<>();
        for (CheckBox box : wire.getItems()) {
            if (box.isSelected()) {
                chosen.add((String) box.getUserData());
            }
        }
        boolean login = startAtLogin.isSelected() && loginItem.supported() && !loginItem.enabled();
        work(() -> {
            List<String> wired = new ArrayList<>();
            for (String p : chosen) {
                Tokentray.WireResult r = actions.wire(p);
                wired.add(r.wiredProfile());
            }
            if (login) {
                loginItem.set(true);
            }
            return wired;
        }, wired -> {
            done.accept("Set up: " + String.join(", ", stored) + " in the vault"
                    + (wired.isEmpty() ? "" : "; for the AWS CLI use --profile " + String.join(", ", wired))
                    + (login ? "; tokentray starts at login." : "."));
            close();
        }, () -> { });
    }

    private void showPage(Page to) {
        page = to;
        passwordPage.setVisible(to == Page.PASSWORD);
        keysPage.setVisible(to == Page.KEYS);
        mfaPage.setVisible(to == Page.MFA);
        wirePage.setVisible(to == Page.WIRE);
        step.setText(switch (to) {
            case PASSWORD -> "Step 1 of 3 · Vault password";
            case KEYS -> "Step 2 of 3 · Keys";
            case MFA -> "Step 2 of 3 · MFA device";
            case WIRE -> "Step 3 of 3 · AWS CLI and login";
        });
        next.setText(to == Page.WIRE ? "Finish" : "Next");
        switch (to) {
            case PASSWORD -> Platform.runLater(password::requestFocus);
            case KEYS -> Platform.runLater(() -> (importFirst && !found.getItems().isEmpty() ? found : profile).requestFocus());
            case MFA -> { }
            case WIRE -> fillWire();
        }
    }

    private void fillWire() {
        wire.getItems().clear();
        for (FirstRun.WireChoice choice : firstRun.wireChoices(stored)) {
            CheckBox box = checkBox(choice.profile());
            box.setUserData(choice.profile());
            box.setSelected(choice.justSetUp());
            wire.getItems().add(box);
        }
        wireIntro.setText(wire.getItems().isEmpty() ? "No profile uses keys from the vault yet."
                : "Each ticked profile gets a PROFILE-tokentray twin in ~/.aws/config that asks tokentray for its"
                + " sessions: `aws … --profile PROFILE-tokentray`. Every other line of the file stays.");
        startAtLogin.setDisable(!loginItem.supported());
        startAtLogin.setSelected(loginItem.supported() && loginItem.enabled());
    }

    /** Runs {@code write} on the worker with the spinner on; {@code then} on the FX thread once it worked; {@code after} always. */
    private <T> void work(Callable<T> write, Consumer<T> then, Runnable after) {
        progress.setVisible(true);
        next.setDisable(true);
        CompletableFuture.supplyAsync(() -> {
            try {
                return write.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            } finally {
                after.run();
            }
        }, worker).whenComplete((result, failure) -> Platform.runLater(() -> {
            progress.setVisible(false);
            next.setDisable(false);
            if (failure != null) {
                error.setText(ProfilesController.message(failure));
            } else {
                then.accept(result);
            }
        }));
    }

    private void close() {
        if (vaultPassword != null) {
            Arrays.fill(vaultPassword, '\0');
            vaultPassword = null;
        }
        password.clear();
        repeat.clear();
        secret.clear();
        ((Stage) next.getScene().getWindow()).close();
    }

    /** Called when the window is closed from its title bar: the same as Cancel. */
    void onCloseRequest() {
        close();
    }

    private static char[] copy(PasswordField field) {
        CharSequence chars = field.getCharacters();
        char[] out = new char[chars.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = chars.charAt(i);
        }
        return out;
    }

    /** Profile names and key names are shown as they are: an underscore is no mnemonic. */
    private static CheckBox checkBox(String text) {
        CheckBox box = new CheckBox(text);
        box.setMnemonicParsing(false);
        return box;
    }

    private static void show(Node node, boolean shown) {
        node.setVisible(shown);
        node.setManaged(shown);
    }

    /** The page showing, for tests. */
    String page() {
        return page.name();
    }
}
