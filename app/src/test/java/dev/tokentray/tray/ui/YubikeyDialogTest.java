package dev.tokentray.tray.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.Session;
import dev.tokentray.testing.Fx;
import dev.tokentray.testing.PcscStack;
import dev.tokentray.testing.Totp;
import dev.tokentray.testing.VirtualOathCard;
import dev.tokentray.testing.VirtualOathCard.Event;
import dev.tokentray.testing.VirtualOathCard.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The unlock dialog with a YubiKey (the virtual OATH card behind a private pcscd): it says "Touch
 * your YubiKey", fills the code itself once touched, and STS behind the checking proxy takes it.
 */
class YubikeyDialogTest {
    @RegisterExtension
    static TrayUi ui = new TrayUi();
    @RegisterExtension
    static PcscStack pcsc = new PcscStack();

    @BeforeEach
    void useYubikey() {
        ui.world().useYubikey("12345678");
    }

    /** The card goes once the dialog that may still be reading it is closed. */
    @AfterEach
    void removeCard() throws Exception {
        ui.closeWindowsAndWorld();
        pcsc.remove();
    }

    private String text(Stage stage, String id) throws Exception {
        Label label = ui.robot().from(stage.getScene().getRoot()).lookup(id).queryAs(Label.class);
        return Fx.call(() -> label.isVisible() ? label.getText() : "");
    }

    private void awaitText(Stage stage, String id, String expected) throws Exception {
        String seen = "";
        for (int i = 0; i < 400 && !(seen = text(stage, id)).contains(expected); i++) {
            Thread.sleep(50);
        }
        assertTrue(seen.contains(expected), "the dialog shows \"" + expected + "\"; it shows \"" + seen + "\"");
    }

    @Test
    void theDialogAsksForATouchAndFillsTheCodeFromTheKey() throws Exception {
        VirtualOathCard card = new VirtualOathCard("12345678")
                .touchTotp(ui.world().oathAccount(), ui.world().seed, "HmacSHA1", 6);
        pcsc.insert(card);
        // The key's code is for the moment CALCULATE is sent (before the touch), so the window
        // of acceptable codes opens before the dialog does.
        long before = Instant.now().getEpochSecond();
        CompletableFuture<Session> answer = ui.world().views.ask("admin", false);
        Stage dialog = Fx.awaitStage("Unlock admin");
        ui.robot().clickOn(ui.robot().from(dialog.getScene().getRoot()).lookup("#password").queryAs(Node.class))
                .write(TrayUiWorld.PASSWORD);
        card.awaitTouchWait(Duration.ofSeconds(60));
        awaitText(dialog, "#yubikey", "Touch your YubiKey");
        Fx.screenshot(dialog, "unlock-dialog-yubikey");

        card.touch();
        Session session = answer.get(60, TimeUnit.SECONDS);
        long after = Instant.now().getEpochSecond();
        assertTrue(session.accessKeyId().startsWith("ASIA"), session.accessKeyId());
        assertEquals(1, ui.world().proxy.calls("GetSessionToken"));
        List<String> keyCodes = new ArrayList<>();
        for (long t = before; t <= after + 30; t += 30) {
            keyCodes.add(Totp.code(ui.world().seed, Math.min(t, after)));
        }
        assertTrue(keyCodes.contains(ui.world().proxy.acceptedCodes().get(0)),
                "the key's code reached STS: " + ui.world().proxy.acceptedCodes() + ", the key's codes then: "
                        + keyCodes);
    }

    /**
     * The person types the code while the key waits for a touch: the typed code goes to STS, and
     * the key is asked nothing more. Its CALCULATE cannot be called back (it holds the card until
     * touched or timed out), so a late touch ends it here, well inside its touch timeout; then the
     * tray ends its transaction and lets the card go, and pcscd powers it down.
     */
    @Test
    void aCodeTypedWhileTheKeyWaitsWinsAndTheKeyIsLeftAlone() throws Exception {
        Duration touchTimeout = Duration.ofSeconds(20);
        VirtualOathCard card = new VirtualOathCard("12345678")
                .touchTotp(ui.world().oathAccount(), ui.world().seed, "HmacSHA1", 6)
                .touchTimeout(touchTimeout);
        pcsc.insert(card);
        CompletableFuture<Session> answer = ui.world().views.ask("admin", false);
        Stage dialog = Fx.awaitStage("Unlock admin");
        card.awaitTouchWait(Duration.ofSeconds(60));
        awaitText(dialog, "#yubikey", "Touch your YubiKey");
        ui.robot().clickOn(ui.robot().from(dialog.getScene().getRoot()).lookup("#password").queryAs(Node.class))
                .write(TrayUiWorld.PASSWORD);
        String typed = ui.world().unusedCode();
        ui.robot().clickOn(ui.robot().from(dialog.getScene().getRoot()).lookup("#code").queryAs(TextField.class))
                .write(typed);
        ui.robot().type(javafx.scene.input.KeyCode.ENTER);
        assertFalse(answer.get(60, TimeUnit.SECONDS).sessionToken().isEmpty());
        assertEquals(List.of(typed), ui.world().proxy.acceptedCodes());

        List<Event> calculates = card.commands(0xA2);
        assertEquals(1, calculates.size(), "the key was asked for the code once:\n" + card.eventLog());
        Event calculate = calculates.get(0);
        assertNull(card.answerTo(calculate), "the key answered before the code was typed:\n" + card.eventLog());

        Instant touched = Instant.now();
        card.touch(); // the finger comes late, long before the key's touch timeout
        Event off = card.awaitEvent(e -> e.kind() == Kind.POWER_OFF && e.at().isAfter(touched), Duration.ofSeconds(10));
        assertEquals(List.of(calculate), card.commandsSince(calculate.at()),
                "the key was asked for more after the typed code won:\n" + card.eventLog());
        assertNotNull(off, "the tray still holds the key 10 s after its last answer (its touch timeout is "
                + touchTimeout + "):\n" + card.eventLog());
    }

    @Test
    void aCodeTypedFirstWinsAndWithoutAKeyTheDialogSaysToTypeIt() throws Exception {
        CompletableFuture<Session> answer = ui.world().views.ask("admin", false);
        Stage dialog = Fx.awaitStage("Unlock admin");
        // The key's message ends as a sentence before the hint follows it.
        awaitText(dialog, "#yubikey", ". Type the code instead.");
        TextField code = ui.robot().from(dialog.getScene().getRoot()).lookup("#code").queryAs(TextField.class);
        assertEquals("or use your YubiKey", Fx.call(code::getPromptText));
        ui.robot().clickOn(ui.robot().from(dialog.getScene().getRoot()).lookup("#password").queryAs(Node.class))
                .write(TrayUiWorld.PASSWORD);
        ui.robot().clickOn(code).write(ui.world().unusedCode());
        ui.robot().type(javafx.scene.input.KeyCode.ENTER);
        assertFalse(answer.get(60, TimeUnit.SECONDS).sessionToken().isEmpty());
        assertEquals(1, ui.world().proxy.acceptedCodes().size());
    }
}
