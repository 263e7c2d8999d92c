package dev.tokentray.tray.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.sts.SessionMaker;
import dev.tokentray.testing.Fx;
import dev.tokentray.testing.StsCheckingProxy.Request;
import dev.tokentray.vault.VaultContents;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

/**
 * Rotate key… in a row's ⋯ menu, driven by TestFX over the real engine, moto and the MFA-checking
 * proxy: it asks first, naming the key that goes; the unlock dialog asks for the password and the
 * code when the vault is locked; IAM then holds only the new key, the vault and the tray's open copy
 * hold it, and the info bar says so. A user with two keys already gets the core's line and nothing changes.
 */
class ProfilesWindowRotateTest {
    @RegisterExtension
    static TrayUi ui = new TrayUi();

    TrayUiWorld world;
    final FxRobot robot = ui.robot();

    @BeforeEach
    void setUp() {
        world = ui.world();
    }

    private WindowLookups openWindow() throws Exception {
        return ui.openProfiles(2);
    }

    /** Chooses Rotate key… on admin (a role on alice's keys) and reads the question it asks. */
    private Stage askToRotate(WindowLookups window, String keyId) throws Exception {
        window.choose("admin", "rotateItem");
        Stage ask = Fx.awaitStage("Rotate key");
        String said = Fx.call(() -> ask.getScene().getRoot().lookupAll(".label").stream().map(n -> ((Label) n).getText())
                .filter(t -> t != null).reduce("", (a, b) -> a + " " + b));
        // The key id is known while the vault is open.
        assertTrue(said.contains("Rotate the access key of alice" + (keyId == null ? "" : " (" + keyId + ")") + "?"), said);
        assertTrue(said.contains("then deletes " + (keyId == null ? "the old key" : keyId) + " in IAM"), said);
        return ask;
    }

    private String vaultKeyId() {
        try (VaultContents contents = world.engine.vault().open(TrayUiWorld.PASSWORD.toCharArray())) {
            return contents.get("alice").accessKeyId();
        }
    }

    @Test
    void rotateAsksFirstThenUnlocksThroughTheDialogAndLeavesOnlyTheNewKeyInIamAndTheVault() throws Exception {
        WindowLookups window = openWindow();
        Stage ask = askToRotate(window, null);
        Fx.screenshot(ask, "redesign-rotate-confirm");
        robot.clickOn(robot.from(ask.getScene().getRoot()).lookup("Cancel").queryAs(Node.class));
        assertEquals(List.of(world.aliceKeyId), world.aws.accessKeyIds(world.user), "Cancel rotates nothing");

        ask = askToRotate(window, null);
        robot.clickOn(robot.from(ask.getScene().getRoot()).lookup("Rotate key").queryAs(Node.class));
        // The vault is locked and there is no MFA session: the unlock dialog asks for both.
        Stage dialog = Fx.awaitStage("Unlock alice");
        assertEquals("Rotating the access key of alice…", window.status());
        Node bar = window.in("#infoBar");
        assertTrue(Fx.call(() -> bar.getPseudoClassStates().contains(PseudoClass.getPseudoClass("info"))), "in progress");
        assertEquals("ℹ", Fx.call(() -> ((Label) window.in("#infoGlyph")).getText()));
        robot.clickOn(robot.from(dialog.getScene().getRoot()).lookup("#password").queryAs(Node.class)).write(TrayUiWorld.PASSWORD);
        robot.clickOn(robot.from(dialog.getScene().getRoot()).lookup("#code").queryAs(Node.class)).write(world.unusedCode());
        robot.type(KeyCode.ENTER);

        String said = window.awaitStatus("Rotated");
        Matcher m = Pattern.compile("Rotated the access key of alice: (AKIA[A-Z0-9]{16}) replaced " + world.aliceKeyId
                + "; the old key is deleted\\.").matcher(said);
        assertTrue(m.matches(), said);
        Fx.screenshot(window.stage(), "redesign-rotate-done");
        String newKey = m.group(1);
        assertEquals(List.of(newKey), world.aws.accessKeyIds(world.user), "IAM holds only the new key");
        assertEquals(newKey, vaultKeyId(), "the vault file holds the new key");
        Request mfa = world.proxy.only("GetSessionToken");
        assertEquals(world.aliceKeyId, mfa.keyId(), "one code asked, one MFA session made, from the old key: " + mfa);
        assertEquals(null, world.engine.sessionCache().get(SessionMaker.mfaKey(world.serial)),
                "the MFA session made from the old key is dropped");

        // The next unlock works from the tray's open vault (no password): it signs with the new key.
        assertNotNull(world.actions.unlock("admin", null, world.unusedCode(), false));
        List<Request> tokens = world.proxy.requests("GetSessionToken");
        assertEquals(newKey, tokens.get(tokens.size() - 1).keyId(), "the open vault holds the new key: " + tokens);
        assertTrue(tokens.get(tokens.size() - 1).accepted(), tokens.toString());
    }

    @Test
    void aUserWithTwoKeysAlreadyGetsTheCoresLineAndNothingChanges() throws Exception {
        String other = world.aws.addAccessKey(world.user).accessKeyId();
        List<String> before = world.aws.accessKeyIds(world.user);
        assertTrue(before.contains(other));
        // The vault open and an MFA session cached: the rotation asks nothing but the question.
        world.actions.unlock("alice", TrayUiWorld.PASSWORD.toCharArray(), world.unusedCode(), false);
        WindowLookups window = openWindow();
        Stage ask = askToRotate(window, world.aliceKeyId);
        robot.clickOn(robot.from(ask.getScene().getRoot()).lookup("Rotate key").queryAs(Node.class));
        String said = window.awaitStatus("already has two");
        assertEquals("Profile 'alice': IAM user " + world.user + " already has two access keys, AWS's limit; delete the one"
                + " not in use (`aws iam list-access-keys --user-name " + world.user + "`) and rotate again", said);
        Fx.screenshot(window.stage(), "redesign-rotate-refused");
        assertEquals(before, world.aws.accessKeyIds(world.user), "IAM unchanged");
        assertEquals(world.aliceKeyId, vaultKeyId(), "the vault is unchanged");
        assertEquals(0, Fx.showing("Unlock"), "nothing more was asked");
    }
}
