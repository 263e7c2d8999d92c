package dev.tokentray.tray.ui;

import dev.tokentray.testing.Fx;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;

/** What the profiles window tests look up in it: the rows in their order, a row's cell, its button and menu items. */
final class WindowLookups {
    private final FxRobot robot;
    private final Stage stage;

    WindowLookups(FxRobot robot, Stage stage) {
        this.robot = robot;
        this.stage = stage;
    }

    /** The window itself (to screenshot, close, or look into). */
    Stage stage() {
        return stage;
    }

    Node in(String id) {
        return robot.from(stage.getScene().getRoot()).lookup(id).query();
    }

    @SuppressWarnings("unchecked")
    ListView<ProfileListItem> list() {
        return (ListView<ProfileListItem>) in("#profiles");
    }

    /** The profile rows in the list's order (account headers left out). */
    List<ProfileRow> rows() throws Exception {
        return Fx.call(() -> list().getItems().stream().filter(i -> i instanceof ProfileRow).map(i -> (ProfileRow) i).toList());
    }

    List<String> names() throws Exception {
        return rows().stream().map(ProfileRow::profile).toList();
    }

    /** The account headers' titles in the list's order. */
    List<String> groups() throws Exception {
        return Fx.call(() -> list().getItems().stream().filter(i -> i instanceof GroupHeader)
                .map(i -> ((GroupHeader) i).titleProperty().get()).toList());
    }

    ProfileRow row(String profile) throws Exception {
        return rows().stream().filter(r -> r.profile().equals(profile)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + profile));
    }

    /** What the row of {@code profile} says is left of its session (a countdown, "locked", "error"). */
    String left(String profile) throws Exception {
        ProfileRow row = row(profile);
        return Fx.call(() -> row.leftProperty().get());
    }

    /** The cell showing {@code profile}'s row (scrolled into view first). */
    ListCell<?> cell(String profile) throws Exception {
        ProfileRow row = row(profile);
        Fx.run(() -> list().scrollTo(row));
        for (int i = 0; i < 100; i++) {
            java.util.Optional<ListCell<?>> found = Fx.call(() -> robot.from(list()).lookup(".list-cell").queryAll().stream()
                    .filter(n -> n instanceof ListCell<?> c && c.getItem() == row && c.isVisible())
                    .<ListCell<?>>map(n -> (ListCell<?>) n).findFirst());
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no cell shows " + profile);
    }

    /** The row's primary button (Unlock / End / Why?). */
    Button primary(String profile) throws Exception {
        return (Button) robot.from(cell(profile)).lookup(".primary-action").query();
    }

    /** The item of the row's ⋯ menu with {@code id}. */
    MenuItem menuItem(String profile, String id) throws Exception {
        MenuButton more = (MenuButton) robot.from(cell(profile)).lookup(".more").query();
        return Fx.call(() -> more.getItems().stream().filter(i -> id.equals(i.getId())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " in " + profile + "'s ⋯ menu")));
    }

    /** Chooses {@code id} in the row's ⋯ menu, as a click on it does. */
    void choose(String profile, String id) throws Exception {
        MenuItem item = menuItem(profile, id);
        Fx.run(() -> {
            if (item.isDisable()) {
                throw new AssertionError(id + " is disabled for " + profile);
            }
            item.fire();
        });
    }

    String status() throws Exception {
        return Fx.call(() -> ((Label) in("#status")).getText());
    }

    String awaitStatus(String contains) throws Exception {
        for (int i = 0; i < 400; i++) {
            String text = status();
            if (text != null && text.contains(contains)) {
                return text;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the info bar never said '" + contains + "'; it says: " + status());
    }

    void awaitRows(int n) throws Exception {
        for (int i = 0; i < 200 && rows().size() < n; i++) {
            Thread.sleep(50);
        }
    }
}
