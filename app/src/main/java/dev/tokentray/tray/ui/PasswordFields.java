package dev.tokentray.tray.ui;

import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextInputControl;

/** JavaFX keeps a password field's text in a String; copying it out and clearing the field is the best we can do. */
final class PasswordFields {
    private PasswordFields() {
    }

    /** The field's characters in a wipeable array; the field is emptied. */
    static char[] take(PasswordField field) {
        char[] out = copy(field);
        field.clear();
        return out;
    }

    /**
     * The field's characters in a wipeable array, the field left as it is: for what the person
     * could not type again (AWS shows a secret access key once), cleared only once it is stored.
     */
    static char[] copy(TextInputControl field) {
        CharSequence chars = field.getText();
        char[] out = new char[chars.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = chars.charAt(i);
        }
        return out;
    }

    /** The window grows to show a line (an error, a hint) whole once it gets longer text. */
    static void fitWindowTo(Label line) {
        line.textProperty().addListener((o, was, now) -> {
            if (line.getScene() != null && line.getScene().getWindow() != null) {
                line.getScene().getWindow().sizeToScene();
            }
        });
    }

    /** The error line is about what was typed: it goes as soon as any of {@code fields} changes. */
    static void clearOnEdit(Label error, TextInputControl... fields) {
        for (TextInputControl field : fields) {
            field.textProperty().addListener((o, was, now) -> {
                if (!error.getText().isEmpty() || error.isVisible()) {
                    error.setText("");
                }
            });
        }
    }
}
