package dev.tokentray.tray.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.Session;
import dev.tokentray.sts.NeedsUserException;
import dev.tokentray.testing.Fx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The unlock dialog, driven by TestFX (headless Monocle), over the real engine, moto and the MFA-checking proxy. */
class UnlockDialogTest {
    @RegisterExtension
    static TrayUi ui = new TrayUi();

    private Node in(Stage stage, String id) {
        return ui.robot().from(stage.getScene().getRoot()).lookup(id).query();
    }

    private String error(Stage stage) throws Exception {
        Label error = (Label) in(stage, "#error");
        return Fx.call(() -> error.isVisible() ? error.getText() : "");
    }

    private String awaitError(Stage stage) throws Exception {
        for (int i = 0; i < 300; i++) {
            String text = error(stage);
            if (!text.isEmpty()) {
                return text;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no error was shown in the dialog");
    }

    private void type(Stage stage, String id, String text) {
        ui.robot().clickOn(in(stage, id)).write(text);
    }

    @Test
    void aWrongPasswordIsShownInlineTheDialogStaysOpenAndEnterThenUnlocks() throws Exception {
        CompletableFuture<Session> answer = ui.world().views.ask("admin", false);
        Stage dialog = Fx.awaitStage("Unlock admin");
        assertTrue(Fx.call(() -> in(dialog, "#password").isVisible() && in(dialog, "#code").isVisible()),
                "a locked vault and an MFA profile ask for both");
        type(dialog, "#password", "not-the-password");
        type(dialog, "#code", ui.world().unusedCode());
        Fx.screenshot(dialog, "unlock-dialog");
        ui.robot().clickOn(in(dialog, "#unlock"));
        String message = awaitError(dialog);
        assertTrue(message.toLowerCase().contains("password"), message);
        Fx.screenshot(dialog, "unlock-dialog-wrong-password");
        assertTrue(Fx.call(dialog::isShowing), "the dialog stays open");
        assertFalse(answer.isDone());
        assertEquals(0, ui.world().proxy.calls("GetSessionToken"), "nothing reached STS with a wrong password");

        // The code typed with the wrong password never reached AWS: it stays for the next try.
        type(dialog, "#password", TrayUiWorld.PASSWORD);
        ui.robot().type(KeyCode.ENTER);
        Session session = answer.get(60, TimeUnit.SECONDS);
        assertTrue(session.accessKeyId().startsWith("ASIA"), session.accessKeyId());
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(Fx.call(dialog::isShowing), "the dialog closes once unlocked");
        assertEquals(1, ui.world().proxy.calls("GetSessionToken"));
        assertEquals(1, ui.world().proxy.calls("AssumeRole"));
        assertTrue(ui.world().actions.state().vaultOpen(), "the vault stays open for quiet renewals");
    }

    @Test
    void aRejectedCodeIsShownInlineAndTheNextCodeIsAskedAloneSinceTheVaultIsOpen() throws Exception {
        CompletableFuture<Session> answer = ui.world().views.ask("alice", false);
        Stage dialog = Fx.awaitStage("Unlock alice");
        type(dialog, "#password", TrayUiWorld.PASSWORD);
        String wrong = ui.world().code().equals("123456") ? "654321" : "123456";
        type(dialog, "#code", wrong);
        ui.robot().type(KeyCode.ENTER);
        String message = awaitError(dialog);
        assertTrue(message.contains("MFA") || message.contains("code"), message);
        Fx.screenshot(dialog, "unlock-dialog-rejected-code");
        assertFalse(answer.isDone());
        assertFalse(Fx.call(() -> in(dialog, "#password").isVisible()), "the vault opened: only the code is asked again");

        type(dialog, "#code", ui.world().unusedCode());
        ui.robot().type(KeyCode.ENTER);
        Session session = answer.get(60, TimeUnit.SECONDS);
        assertFalse(session.sessionToken().isEmpty());
        assertEquals(1, ui.world().proxy.acceptedCodes().size(), "one code accepted, after the rejected one");
    }

    @Test
    void aCodeThatIsNotSixDigitsIsRefusedInTheDialogBeforeSts() throws Exception {
        CompletableFuture<Session> answer = ui.world().views.ask("alice", false);
        Stage dialog = Fx.awaitStage("Unlock alice");
        type(dialog, "#password", TrayUiWorld.PASSWORD);
        for (String code : List.of("12345678", "1234567")) {
            Fx.run(((javafx.scene.control.TextField) in(dialog, "#code"))::clear);
            type(dialog, "#code", code);
            ui.robot().type(KeyCode.ENTER);
            String message = awaitError(dialog);
            assertEquals("The MFA code is the 6 digits your device shows now.", message);
            assertFalse(message.contains(code));
        }
        assertEquals(0, ui.world().proxy.calls("GetSessionToken"), "nothing reached STS");
        assertFalse(answer.isDone());
        assertTrue(Fx.call(dialog::isShowing), "the dialog stays open");
    }

    @Test
    void escapeCancelsAndTheWaitingCallerHearsLocked() throws Exception {
        Future<?> caller = ui.world().worker.submit(() -> ui.world().actions.session("alice", false));
        Stage dialog = Fx.awaitStage("Unlock alice");
        ui.robot().clickOn(in(dialog, "#code"));
        ui.robot().type(KeyCode.ESCAPE);
        ExecutionException e = assertThrows(ExecutionException.class, () -> caller.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof NeedsUserException, String.valueOf(e.getCause()));
        assertFalse(Fx.call(dialog::isShowing));
    }

    @Test
    void thirtyTwoWaitingCallersShareOneDialogAndOneCode() throws Exception {
        // Counts the callers that have asked for the dialog: each is then waiting on it, and only an
        // answer there (not a session some earlier caller left in the cache) can reach it.
        AtomicInteger waiting = new AtomicInteger();
        ui.world().actions.attach((profile, renew) -> {
            CompletableFuture<Session> answer = ui.world().views.ask(profile, renew);
            waiting.incrementAndGet();
            return answer;
        }, null);
        List<Future<Session>> callers = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            callers.add(ui.world().worker.submit(() -> ui.world().actions.session("admin", false)));
        }
        Stage dialog = Fx.awaitStage("Unlock admin");
        await(() -> waiting.get() == 32, () -> "all 32 callers wait on the dialog (" + waiting + " so far)");
        // Each ask put its dialog on the FX thread's queue before it returned: once the queue has
        // run, every dialog the 32 could have opened is open.
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, Fx.showing("Unlock admin"), "one dialog for every waiting caller");
        type(dialog, "#password", TrayUiWorld.PASSWORD);
        type(dialog, "#code", ui.world().unusedCode());
        ui.robot().type(KeyCode.ENTER);
        Set<String> keys = new HashSet<>();
        for (Future<Session> caller : callers) {
            keys.add(caller.get(60, TimeUnit.SECONDS).accessKeyId());
        }
        assertEquals(1, keys.size(), "all 32 got the same session");
        assertEquals(1, ui.world().proxy.calls("GetSessionToken"));
        assertEquals(1, ui.world().proxy.calls("AssumeRole"));
        // Every caller has its answer: a dialog opened for any of them would be showing still.
        await(() -> Fx.showing("Unlock admin") == 0, () -> "no dialog is left open once all are answered");
    }

    private static void await(Callable<Boolean> condition, Supplier<String> what) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (condition.call()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting: " + what.get());
    }
}
