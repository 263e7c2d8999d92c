package dev.tokentray.tray.ui;

import javafx.scene.control.PasswordField;

/** JavaFX keeps a password field's text in a String; copying it out and clearing the field is the best we can do. */
final class PasswordFields {
    private PasswordFields() {
    }

    /** The field's characters in a wipeable array; the field is emptied. */
    static char[] take(PasswordField field) {
        CharSequence chars = field.getCharacters();
        char[] out = new char[chars.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = chars.charAt(i);
        }
        field.clear();
        return out;
    }
}
