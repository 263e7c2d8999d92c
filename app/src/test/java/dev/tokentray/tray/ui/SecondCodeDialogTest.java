package dev.tokentray.tray.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tokentray.testing.Fx;
import dev.tokentray.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The unlock dialog of a role longer than the 1-hour chaining cap, half a minute after a code
 * unlocked another role: it asks for a second code and says why (TestFX, headless Monocle, over
 * the real engine, moto and the MFA-checking proxy).
 */
class SecondCodeDialogTest {
    @RegisterExtension
    static MotoServer moto = new MotoServer();

    @TempDir
    Path tmp;
    TrayUiWorld world;

    @BeforeAll
    static void fx() throws Exception {
        Fx.startHeadless();
    }

    @AfterEach
    void tearDown() throws Exception {
        Fx.closeAll();
        if (world != null) {
            world.close();
        }
    }

    @Test
    void aSecondCodeForARoleAssumedDirectlyWithMfaSaysWhy() throws Exception {
        world = new TrayUiWorld(moto, tmp);
        world.actions.unlock("admin", TrayUiWorld.PASSWORD.toCharArray(), world.code(), false);
        String config = Files.readString(world.home.configFile());
        Matcher admin = Pattern.compile("role_arn = (\\S+)").matcher(config);
        admin.find();
        world.home.config(config + "[profile long]\nrole_arn = " + admin.group(1) + "\nsource_profile = alice\n"
                + "duration_seconds = 14400\n");

        world.views.ask("long", false);
        Stage dialog = Fx.awaitStage("Unlock long");
        Label detail = new FxRobot().from(dialog.getScene().getRoot()).lookup("#detail").queryAs(Label.class);
        String text = Fx.call(detail::getText);
        assertEquals("A second code: long is assumed directly with MFA for its 4h, which a role chained from the MFA"
                + " session cannot get (1h at most).", text.substring(text.lastIndexOf('\n') + 1), text);
        Fx.screenshot(dialog, "unlock-dialog-second-code");
    }
}
