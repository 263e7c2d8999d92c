package dev.tokentray.tray.ui;

import dev.tokentray.core.UnlockedState;
import dev.tokentray.vault.PasswordStrength;
import dev.tokentray.vault.WrongPasswordException;
import java.util.concurrent.CompletionException;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;

/**
 * The vault-password rows of the dialogs that write the vault (Add keys, Import): hidden while
 * the vault is open (the tray writes with the password it was opened with); for a first vault
 * the new password twice, with a strength hint as it is typed (the rule is {@link PasswordStrength},
 * the same the CLI applies).
 */
final class VaultPasswordRows {
    private final Label label;
    private final PasswordField password;
    private final Label repeatLabel;
    private final PasswordField repeat;
    private final Label strength;
    private final boolean creating;

    VaultPasswordRows(Label label, PasswordField password, Label repeatLabel, PasswordField repeat, Label strength,
                      boolean vaultExists, boolean vaultOpen) {
        this.label = label;
        this.password = password;
        this.repeatLabel = repeatLabel;
        this.repeat = repeat;
        this.strength = strength;
        this.creating = !vaultExists;
        // The underscore marks the Alt mnemonic the dialog's label gives its field.
        label.setText(creating ? "_New vault password" : "_Vault password");
        password.setAccessibleText(creating ? "New vault password" : "Vault password");
        show(label, password, creating || !vaultOpen);
        show(repeatLabel, repeat, creating);
        show(strength, strength, creating);
        strength.setText("");
        PasswordFields.fitWindowTo(strength);
        if (creating) {
            password.textProperty().addListener((o, was, now) -> hint(now));
        }
    }

    private void hint(String typed) {
        strength.getStyleClass().removeAll("strength-too-short", "strength-fair", "strength-good");
        if (typed.isEmpty()) {
            strength.setText("");
            return;
        }
        PasswordStrength judged = PasswordStrength.of(typed);
        strength.setText(judged.hint());
        strength.getStyleClass().add("strength-" + judged.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }

    /** What is wrong with the typed password before anything is tried, or null. */
    String problem() {
        if (!password.isVisible()) {
            return null;
        }
        if (password.getText().isEmpty()) {
            return creating ? "Choose a vault password and type it twice." : "Enter the vault password.";
        }
        if (creating && !password.getText().contentEquals(repeat.getText())) {
            password.clear();
            repeat.clear();
            return "The two passwords differ; type them again.";
        }
        if (creating && PasswordStrength.of(password.getText()) == PasswordStrength.TOO_SHORT) {
            return "Choose a vault password of at least " + PasswordStrength.MINIMUM + " characters.";
        }
        return null;
    }

    /** The typed password in a wipeable array, or null while the rows are hidden (the vault is open). */
    char[] typed() {
        return password.isVisible() ? PasswordFields.copy(password) : null;
    }

    /**
     * The line for a failed write. A wrong password empties the password fields (only those: the
     * rest of what was typed stays); a vault that locked meanwhile brings the rows back.
     */
    String failed(Throwable failure, UnlockedState state) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (!state.vaultOpen() && !password.isVisible()) {
            show(label, password, true);
        }
        if (cause instanceof WrongPasswordException) {
            password.clear();
            repeat.clear();
            password.requestFocus();
            return "Wrong vault password; type it again.";
        }
        return ProfilesController.message(cause);
    }

    void clear() {
        password.clear();
        repeat.clear();
    }

    PasswordField[] fields() {
        return new PasswordField[] {password, repeat};
    }

    private static void show(Node label, Node field, boolean on) {
        label.setVisible(on);
        label.setManaged(on);
        field.setVisible(on);
        field.setManaged(on);
    }
}
