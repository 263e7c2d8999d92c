package dev.tokentray.tray.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.Session;
import dev.tokentray.testing.AwsWorld;
import dev.tokentray.testing.Fx;
import dev.tokentray.vault.Vault;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.util.WaitForAsyncUtils;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * What the vault dialogs (Add keys, Import, Unlock) keep of what the person typed, what they ask
 * while the vault is open, and the new-password hint; TestFX over the real engine and moto.
 */
class VaultDialogsTest {
    @RegisterExtension
    static TrayUi ui = new TrayUi();

    AccessKey ci;

    @BeforeEach
    void setUp() {
        ci = new AwsWorld(ui.moto().endpoint()).user("ci-" + Long.toHexString(new SecureRandom().nextLong()));
    }

    private Node in(Stage stage, String id) {
        return ui.robot().from(stage.getScene().getRoot()).lookup(id).query();
    }

    private String text(Stage stage, String id) throws Exception {
        Node node = in(stage, id);
        return Fx.call(() -> node instanceof Label l ? (l.isVisible() ? l.getText() : "") : ((TextInputControl) node).getText());
    }

    private boolean shown(Stage stage, String id) throws Exception {
        Node node = in(stage, id);
        return Fx.call(() -> node.isVisible() && node.isManaged());
    }

    private String awaitError(Stage stage) throws Exception {
        for (int i = 0; i < 300; i++) {
            String t = text(stage, "#error");
            if (t != null && !t.isEmpty()) {
                return t;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no error was shown in the dialog");
    }

    private void awaitClosed(Stage stage) throws Exception {
        for (int i = 0; i < 300 && Fx.call(stage::isShowing); i++) {
            Thread.sleep(50);
        }
        assertFalse(Fx.call(stage::isShowing), "the dialog closed; it says: " + text(stage, "#error"));
    }

    private void type(Stage stage, String id, String text) {
        ui.robot().clickOn(in(stage, id)).write(text);
    }

    private Stage openAddKeys() throws Exception {
        Fx.run(() -> ui.world().views.showAddKeys(message -> { }));
        return Fx.awaitStage("Add keys");
    }

    private void typeKeys(Stage add) {
        type(add, "#profile", "ci");
        type(add, "#keyId", ci.accessKeyId());
        type(add, "#secret", ci.secretAccessKey());
    }

    /** ci's profile gives a session, asked for as the tray's menu does, off the FX thread. */
    private void assertCiGetsASession() throws Exception {
        Session session = ui.world().worker.submit(() -> ui.world().actions.session("ci", false))
                .get(60, TimeUnit.SECONDS);
        assertFalse(session.sessionToken().isEmpty());
    }

    /** AWS shows a secret access key only once: a mistyped vault password must not cost it. */
    @Test
    void aWrongPasswordInAddKeysKeepsTheSecretAndEmptiesOnlyThePassword() throws Exception {
        Stage add = openAddKeys();
        typeKeys(add);
        type(add, "#password", "not-the-password");
        ui.robot().clickOn(in(add, "#add"));
        assertEquals("Wrong vault password; type it again.", awaitError(add));
        Fx.screenshot(add, "add-keys-wrong-password");
        assertEquals(ci.secretAccessKey(), text(add, "#secret"), "the secret access key is kept");
        assertEquals(ci.accessKeyId(), text(add, "#keyId"));
        assertEquals("ci", text(add, "#profile"));
        assertEquals("", text(add, "#password"), "only the password is typed again");

        type(add, "#password", TrayUiWorld.PASSWORD);
        assertEquals("", text(add, "#error"), "the error goes once the password is typed again");
        ui.robot().type(KeyCode.ENTER);
        awaitClosed(add);
        assertTrue(ui.world().engine.vault().profiles().contains("ci"));
    }

    @Test
    void whileTheVaultIsOpenAddKeysAsksNoPasswordAndTheProfileUnlocksAtOnce() throws Exception {
        ui.world().actions.state().open(TrayUiWorld.PASSWORD.toCharArray());
        Stage add = openAddKeys();
        assertFalse(shown(add, "#password"), "the vault is open: no password is asked");
        Fx.screenshot(add, "add-keys-vault-open");
        typeKeys(add);
        ui.robot().clickOn(in(add, "#add"));
        awaitClosed(add);
        assertCiGetsASession();
        assertEquals(0, Fx.showing("Unlock ci"), "no dialog: the open vault has ci's keys");
    }

    @Test
    void whileTheVaultIsOpenImportAsksNoPasswordAndTheImportedProfileUnlocksAtOnce() throws Exception {
        ui.world().home.credentials("[ci]\naws_access_key_id = " + ci.accessKeyId() + "\naws_secret_access_key = "
                + ci.secretAccessKey() + "\n");
        ui.world().actions.state().open(TrayUiWorld.PASSWORD.toCharArray());
        Fx.run(() -> ui.world().views.showImport(message -> { }));
        Stage dialog = Fx.awaitStage("Import");
        assertFalse(shown(dialog, "#password"), "the vault is open: no password is asked");
        ui.robot().clickOn(in(dialog, "#import"));
        awaitClosed(dialog);
        assertFalse(Files.readString(ui.world().home.credentialsFile()).contains(ci.accessKeyId()),
                "the plaintext copy is gone");
        assertCiGetsASession();
        assertEquals(0, Fx.showing("Unlock ci"), "no dialog: the open vault has ci's keys");
    }

    /**
     * A first vault: the new password gets a hint as it is typed, one under 8 characters is refused
     * (nothing written), and the vault it makes is open, so the first unlock asks nothing more.
     */
    @Test
    void aNewVaultPasswordGetsAStrengthHintATooShortOneIsRefusedAndTheNewVaultIsOpen() throws Exception {
        Files.delete(ui.world().engine.vault().file());
        Stage add = openAddKeys();
        typeKeys(add);
        type(add, "#password", "ab");
        assertTrue(text(add, "#strength").startsWith("Too short"), text(add, "#strength"));
        type(add, "#repeat", "ab");
        ui.robot().clickOn(in(add, "#add"));
        String refusal = awaitError(add);
        assertTrue(refusal.contains("at least 8 characters"), refusal);
        Fx.screenshot(add, "add-keys-new-password-too-short");
        assertFalse(Files.exists(ui.world().engine.vault().file()), "nothing was written");
        assertEquals(ci.secretAccessKey(), text(add, "#secret"), "the secret access key is kept");

        Fx.run(() -> {
            ((TextInputControl) in(add, "#password")).clear();
            ((TextInputControl) in(add, "#repeat")).clear();
        });
        assertEquals("", text(add, "#error"), "the refusal goes once the password is changed");
        type(add, "#password", "tokentray1");
        assertTrue(text(add, "#strength").startsWith("Fair"), text(add, "#strength"));
        Fx.run(() -> ((TextInputControl) in(add, "#password")).clear());
        type(add, "#password", "correct horse battery");
        assertTrue(text(add, "#strength").startsWith("Good"), text(add, "#strength"));
        type(add, "#repeat", "correct horse battery");
        Fx.screenshot(add, "add-keys-new-password-hint");
        ui.robot().clickOn(in(add, "#add"));
        awaitClosed(add);
        assertTrue(new Vault(ui.world().home.tokentrayHome()).profiles().contains("ci"));
        assertFalse(ui.world().actions.state().needs("ci").password(),
                "the first unlock does not ask for the password again");
        assertCiGetsASession();
    }

    @Test
    void aValidationErrorGoesOnceTheFieldIsFilled() throws Exception {
        Stage add = openAddKeys();
        ui.robot().clickOn(in(add, "#add"));
        assertTrue(awaitError(add).startsWith("Fill in"), text(add, "#error"));
        type(add, "#profile", "ci");
        assertEquals("", text(add, "#error"), "a stale error goes as soon as the person types");

        CompletableFuture<Session> answer = ui.world().views.ask("alice", false);
        Stage unlock = Fx.awaitStage("Unlock alice");
        ui.robot().clickOn(in(unlock, "#unlock"));
        assertEquals("Enter the vault password.", awaitError(unlock));
        type(unlock, "#password", "x");
        assertEquals("", text(unlock, "#error"), "a stale error goes as soon as the person types");
        assertFalse(answer.isDone());
    }

    /** A wrong password sends nothing to AWS, so the code typed with it is still good: it stays. */
    @Test
    void aWrongVaultPasswordKeepsTheMfaCodeAndTheNextTryUsesIt() throws Exception {
        CompletableFuture<Session> answer = ui.world().views.ask("alice", false);
        Stage dialog = Fx.awaitStage("Unlock alice");
        String code = ui.world().unusedCode();
        type(dialog, "#password", "not-the-password");
        type(dialog, "#code", code);
        ui.robot().clickOn(in(dialog, "#unlock"));
        assertTrue(awaitError(dialog).contains("password"), text(dialog, "#error"));
        Fx.screenshot(dialog, "unlock-wrong-password-keeps-code");
        assertEquals(code, text(dialog, "#code"), "the MFA code is kept");
        assertEquals("", text(dialog, "#password"));
        assertTrue(Fx.call(() -> in(dialog, "#password").isFocused()), "the password field has the focus");

        ui.robot().write(TrayUiWorld.PASSWORD);
        ui.robot().type(KeyCode.ENTER);
        Session session = answer.get(60, TimeUnit.SECONDS);
        assertFalse(session.sessionToken().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, ui.world().proxy.calls("GetSessionToken"), "one STS call, with the code typed first");
    }
}
