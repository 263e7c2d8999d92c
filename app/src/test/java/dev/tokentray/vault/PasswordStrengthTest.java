package dev.tokentray.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PasswordStrengthTest {
    @Test
    void theBoundariesOfTheRule() {
        assertEquals(PasswordStrength.TOO_SHORT, PasswordStrength.of(""));
        assertEquals(PasswordStrength.TOO_SHORT, PasswordStrength.of("ab"));
        assertEquals(PasswordStrength.TOO_SHORT, PasswordStrength.of("Abcdef1"), "7 characters");
        assertEquals(PasswordStrength.TOO_SHORT, PasswordStrength.of("\uD83D\uDD11".repeat(7)), "7 characters in 14 chars");
        assertEquals(PasswordStrength.FAIR, PasswordStrength.of("Abcdef1!"), "8 of every kind is still short");
        assertEquals(PasswordStrength.FAIR, PasswordStrength.of("Abcdefghij1"), "11");
        assertEquals(PasswordStrength.GOOD, PasswordStrength.of("Abcdefghij12"), "12 mixed");
        assertEquals(PasswordStrength.FAIR, PasswordStrength.of("abcdefghijklmno"), "15 of one kind");
        assertEquals(PasswordStrength.GOOD, PasswordStrength.of("correcthorsebatt"), "16 of anything");
        assertEquals(PasswordStrength.GOOD, PasswordStrength.of("äöüäöü ßßß äöü"), "14 non-ASCII letters and spaces");
    }

    @Test
    void onlyTooShortIsRefusedInOneLine() {
        VaultException e = assertThrows(VaultException.class, () -> PasswordStrength.requireAcceptable("1234567".toCharArray()));
        assertEquals("the new vault password is too short: use at least 8 characters (12 or more, or a few words,"
                + " is better); nothing was changed", e.getMessage());
        PasswordStrength.requireAcceptable("12345678".toCharArray());
    }
}
