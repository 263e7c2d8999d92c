package dev.tokentray.tray.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.Fx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.css.PseudoClass;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A region-only [default] (most people have one) in the profiles window: a quiet grey row that
 * says it needs keys, after the profiles that can be unlocked, whose Unlock opens Add keys for it.
 */
class ProfilesWithoutKeysTest {
    @RegisterExtension
    static TrayUi ui = new TrayUi();

    @BeforeEach
    void setUp() throws Exception {
        Path config = ui.world().home.configFile();
        Files.writeString(config, "[default]\nregion = eu-west-1\n" + Files.readString(config));
    }

    @SuppressWarnings("unchecked")
    @Test
    void aRegionOnlyDefaultIsAQuietRowThatNeedsKeysAndOffersAddKeys() throws Exception {
        Fx.run(ui.world().views::showProfiles);
        Stage stage = Fx.awaitStage("tokentray");
        TableView<ProfileRow> table = (TableView<ProfileRow>) ui.robot().from(stage.getScene().getRoot())
                .lookup("#profiles").query();
        for (int i = 0; i < 200 && Fx.call(() -> table.getItems().size()) < 3; i++) {
            Thread.sleep(50);
        }
        List<String> names = Fx.call(() -> table.getItems().stream().map(ProfileRow::profile).toList());
        ProfileRow row = Fx.call(() -> table.getItems().stream().filter(r -> r.profile().equals("default")).findFirst().orElseThrow());
        assertEquals("needs keys", Fx.call(() -> row.leftProperty().get()), "not an error: " + row.identity());
        assertEquals("no keys yet: Add keys…", row.identity());
        assertEquals(List.of("admin", "alice", "default"), names, "shown apart, after the profiles that can be unlocked");
        Fx.call(() -> {
            table.getSelectionModel().select(row);
            return null;
        });
        Fx.screenshot(stage, "profiles-window-needs-keys");
        boolean red = Fx.call(() -> ui.robot().from(table).lookup(".table-row-cell").queryAllAs(TableRow.class).stream()
                .anyMatch(r -> r.getPseudoClassStates().contains(PseudoClass.getPseudoClass("error"))));
        assertFalse(red, "no row is red");

        ui.robot().clickOn(ui.robot().from(stage.getScene().getRoot()).lookup("#unlockButton").queryButton());
        Stage addKeys = Fx.awaitStage("Add keys");
        String profile = Fx.call(() -> ((TextField) addKeys.getScene().lookup("#profile")).getText());
        assertEquals("default", profile, "Unlock on a profile without keys opens Add keys for it");
        assertTrue(Fx.call(addKeys::isShowing));
        Fx.screenshot(addKeys, "add-keys-for-default");
    }
}
