package dev.tokentray.tray.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.core.ProfileStatus;
import dev.tokentray.testing.Fx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A region-only [default] (most people have one) in the profiles window: not a row among those that
 * can be unlocked but a line in a folded grey section, whose Add keys… opens Add keys for it.
 */
class ProfilesWithoutKeysTest {
    @RegisterExtension
    static TrayUi ui = new TrayUi();

    @BeforeEach
    void setUp() throws Exception {
        Path config = ui.world().home.configFile();
        Files.writeString(config, "[default]\nregion = eu-west-1\n" + Files.readString(config));
    }

    @Test
    void aRegionOnlyDefaultWaitsInAFoldedGreySectionWithAddKeys() throws Exception {
        Fx.run(ui.world().views::showProfiles);
        Stage stage = Fx.awaitStage("tokentray");
        WindowLookups window = new WindowLookups(ui.robot(), stage);
        window.awaitRows(2);
        TitledPane section = (TitledPane) window.in("#noKeys");
        for (int i = 0; i < 100 && !Fx.call(section::isVisible); i++) {
            Thread.sleep(50);
        }
        assertEquals(List.of("admin", "alice"), window.names(), "not a row among the profiles that can be unlocked");
        assertTrue(Fx.call(section::isVisible), "the section of profiles without keys shows");
        assertFalse(Fx.call(section::isExpanded), "folded: it is no news");
        assertEquals("1 profile without keys", Fx.call(section::getText));
        assertFalse(window.groups().contains("Needs attention"), "no profile needs attention: " + window.groups());
        boolean attention = window.rows().stream().anyMatch(r -> r.stateProperty().get() == ProfileStatus.State.ERROR);
        assertFalse(attention, "no row is an error");

        ui.robot().clickOn(section.lookup(".title"));
        for (int i = 0; i < 100 && !Fx.call(section::isExpanded); i++) {
            Thread.sleep(50);
        }
        Fx.screenshot(stage, "redesign-no-keys");
        Button add = (Button) window.in("#addKeys-default");
        assertEquals("Add keys…", Fx.call(add::getText));
        ui.robot().clickOn(add);
        Stage addKeys = Fx.awaitStage("Add keys");
        String profile = Fx.call(() -> ((TextField) addKeys.getScene().lookup("#profile")).getText());
        assertEquals("default", profile, "Add keys… in the section opens Add keys for that profile");
        assertTrue(Fx.call(addKeys::isShowing));
        Fx.screenshot(addKeys, "add-keys-for-default");
    }
}
