package dev.tokentray.tray.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tokentray.testing.Fx;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The unlock dialog of a role longer than the 1-hour chaining cap, half a minute after a code
 * unlocked another role: it asks for a second code and says why (TestFX, headless Monocle, over
 * the real engine, moto and the MFA-checking proxy).
 */
class SecondCodeDialogTest {
    @RegisterExtension
    static TrayUi ui = new TrayUi();

    @Test
    void aSecondCodeForARoleAssumedDirectlyWithMfaSaysWhy() throws Exception {
        ui.world().actions.unlock("admin", TrayUiWorld.PASSWORD.toCharArray(), ui.world().code(), false);
        String config = Files.readString(ui.world().home.configFile());
        Matcher admin = Pattern.compile("role_arn = (\\S+)").matcher(config);
        admin.find();
        ui.world().home.config(config + "[profile long]\nrole_arn = " + admin.group(1) + "\nsource_profile = alice\n"
                + "duration_seconds = 14400\n");

        ui.world().views.ask("long", false);
        Stage dialog = Fx.awaitStage("Unlock long");
        Label detail = ui.robot().from(dialog.getScene().getRoot()).lookup("#detail").queryAs(Label.class);
        String text = Fx.call(detail::getText);
        assertEquals("A second code: long is assumed directly with MFA for its 4h, which a role chained from the MFA"
                + " session cannot get (1h at most).", text.substring(text.lastIndexOf('\n') + 1), text);
        Fx.screenshot(dialog, "unlock-dialog-second-code");
    }
}
