package dev.tokentray.tray.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.core.Tokentray;
import dev.tokentray.sts.SessionMaker;
import dev.tokentray.testing.Fx;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import javafx.css.PseudoClass;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

/**
 * The profiles window as a list grouped by account (driven by TestFX over the real engine and
 * moto): account headers with the MFA session and End, rows that say their state in a glyph and a
 * word, the details pane, the filter, the row's actions by button, Enter and menu, and the info bar.
 */
class ProfilesWindowRedesignTest {
    @RegisterExtension
    static TrayUi ui = new TrayUi();

    TrayUiWorld world;
    Instant renewedAt;
    final FxRobot robot = ui.robot();

    @BeforeEach
    void setUp() throws Exception {
        world = ui.world();
        String config = Files.readString(world.home.configFile());
        // The account's name comes from the config; admin has a region; ops is a second role on alice's keys.
        Files.writeString(world.home.configFile(), "[default]\nregion = eu-west-1\n"
                + config.replace("[profile alice]\n", "[profile alice]\ntokentray_account_alias = sandbox\n")
                        .replace("source_profile = alice\n", "source_profile = alice\nregion = eu-west-1\n"));
        world.addProfiles(world.opsProfile() + TrayUiWorld.BROKEN_LOOP);
        SessionCache cache = world.engine.sessionCache();
        Instant now = Instant.now();
        renewedAt = now.minus(Duration.ofMinutes(18));
        cache.put(SessionCache.profileKey("admin"), new Session("ASIAADMINADMINADMIN1", "secret-admin", "token-admin",
                now.plus(Duration.ofMinutes(42)), Duration.ofHours(1), null, renewedAt, Tokentray.AHEAD_OF_EXPIRY));
        cache.put(SessionMaker.mfaKey(world.serial), new Session("ASIAMFAMFAMFAMFAMFA1", "secret-mfa", "token-mfa",
                now.plus(Duration.ofHours(7).plusMinutes(51).plusSeconds(30))));
    }

    private WindowLookups openWindow() throws Exception {
        return ui.openProfiles(5);
    }

    private String mfaUser() {
        return world.serial.substring(world.serial.lastIndexOf('/') + 1);
    }

    private static String text(Node cell, String selector) throws Exception {
        return Fx.call(() -> ((Label) cell.lookup(selector)).getText());
    }

    private void await(String what, java.util.concurrent.Callable<Boolean> done) throws Exception {
        for (int i = 0; i < 200 && !done.call(); i++) {
            Thread.sleep(50);
        }
        assertTrue(done.call(), what);
    }

    @Test
    void profilesAreGroupedByAccountNamedByTheConfigAndHeadedByTheMfaSessionWhoseEndEndsIt() throws Exception {
        WindowLookups window = openWindow();
        assertEquals(List.of("Needs attention", "sandbox · 123456789012"), window.groups());
        assertEquals(List.of("loop-a", "loop-b", "admin", "alice", "ops"), window.names());
        GroupHeader account = Fx.call(() -> window.list().getItems().stream().filter(i -> i instanceof GroupHeader h
                && h.accountProperty().get().equals("123456789012")).map(i -> (GroupHeader) i).findFirst().orElseThrow());
        String head = Fx.call(() -> account.mfa().get(0).textProperty().get());
        assertTrue(head.matches(java.util.regex.Pattern.quote(mfaUser()) + " · MFA session 7h 5[01]m"), head);
        Fx.run(() -> window.list().getSelectionModel().select(window.list().getItems().indexOf(rowOf(window, "admin"))));
        Fx.screenshot(window.stage(), "redesign-window-after");

        Button end = (Button) robot.from(window.list()).lookup(".end-mfa").query();
        assertTrue(Fx.call(end::isVisible), "a live MFA session can be ended");
        robot.clickOn(end);
        window.awaitStatus("Ended the MFA session of " + world.serial);
        assertEquals(null, world.engine.sessionCache().get(SessionMaker.mfaKey(world.serial)), "the MFA session is gone");
        await("the header says the MFA session ended", () -> Fx.call(() -> account.mfa().get(0).textProperty().get())
                .equals(mfaUser() + " · no MFA session"));
        assertFalse(Fx.call(end::isVisible), "nothing left to end");
    }

    @Test
    void enterOnAnAccountsHeaderEndsTheMfaSessionItShows() throws Exception {
        WindowLookups window = openWindow();
        Optional<Node> header = Optional.empty();
        for (int i = 0; i < 100 && header.isEmpty(); i++) {
            Thread.sleep(50);
            header = Fx.call(() -> robot.from(window.list()).lookup(".group-title").queryAll().stream()
                    .filter(n -> ((Label) n).getText() != null && ((Label) n).getText().startsWith("sandbox")).findFirst());
        }
        assertTrue(header.isPresent(), "the account's header shows: " + window.groups());
        robot.clickOn(header.get());
        robot.type(KeyCode.ENTER);
        window.awaitStatus("Ended the MFA session of " + world.serial);
        assertEquals(null, world.engine.sessionCache().get(SessionMaker.mfaKey(world.serial)));
    }

    private static ProfileRow rowOf(WindowLookups window, String profile) {
        try {
            return window.row(profile);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRowSaysItsStateInAGlyphAndAWordWithItsShortRoleAccountAndRegion() throws Exception {
        WindowLookups window = openWindow();
        ListCell<?> admin = window.cell("admin");
        assertEquals("● live", text(admin, ".state"));
        assertTrue(text(admin, ".role").startsWith("admin-") && !text(admin, ".role").contains(":"), text(admin, ".role"));
        assertEquals("123456789012", text(admin, ".account"));
        assertEquals("eu-west-1", text(admin, ".region"));
        assertEquals("End", Fx.call(() -> window.primary("admin").getText()));
        assertEquals("○ locked", text(window.cell("ops"), ".state"));
        assertEquals("Unlock", Fx.call(() -> window.primary("ops").getText()));
        assertEquals("⚠ needs attention", text(window.cell("loop-a"), ".state"));

        robot.clickOn(robot.from(admin).lookup(".copy").queryAs(Node.class));
        window.awaitStatus("Copied the account ID 123456789012");
        assertEquals("123456789012", Fx.call(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString()));
    }

    @Test
    void theDetailsPaneShowsTheChainTheLengthAskedAndMadeTheLastRenewalAndTheWiring() throws Exception {
        WindowLookups window = openWindow();
        Fx.run(() -> world.views.profilesController().select("admin"));
        assertEquals("admin ← alice (vault) ← " + mfaUser() + " MFA", text(window.in("#details"), "#detailsChain"));
        assertTrue(text(window.in("#details"), "#detailsRole").startsWith("arn:aws:iam::123456789012:role/admin-"));
        assertEquals("sandbox · 123456789012", text(window.in("#details"), "#detailsAccount"));
        assertEquals("profile's own length · made 1h", text(window.in("#details"), "#detailsDuration"));
        String hhmm = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault()).format(renewedAt);
        assertEquals(hhmm + " (ahead of expiry)", text(window.in("#details"), "#detailsRenewal"));

        window.choose("admin", "wireItem");
        window.awaitStatus("admin-tokentray");
        await("the details show the wiring", () -> "wired as admin-tokentray".equals(
                text(window.in("#details"), "#detailsWiring")));
        Fx.screenshot(window.stage(), "redesign-details");
    }

    @Test
    void enterRunsTheSelectedRowsPrimaryActionAndTheMenuKeyOpensTheRowsMenu() throws Exception {
        // No MFA session (this one's keys are made up): unlocking ops asks in the dialog.
        world.engine.sessionCache().remove(SessionMaker.mfaKey(world.serial));
        WindowLookups window = openWindow();
        robot.clickOn(robot.from(window.cell("ops")).lookup(".profile-name").queryAs(Node.class));
        assertEquals("ops", Fx.call(() -> ((ProfileRow) window.list().getSelectionModel().getSelectedItem()).profile()));
        robot.type(KeyCode.ENTER);
        Stage dialog = Fx.awaitStage("Unlock ops");
        robot.clickOn(robot.from(dialog.getScene().getRoot()).lookup("#password").queryAs(Node.class));
        robot.type(KeyCode.ESCAPE);
        await("the closed dialog is reported", () -> !window.status().startsWith("Unlocking"));

        List<String> expected = List.of("Copy export lines", "Open console", "Use with AWS CLI", "Refresh", "End session",
                "Copy account ID", "",
                "Rotate key of alice…", "Remove keys of alice…");
        ListCell<?> cell = window.cell("ops");
        assertEquals(expected, Fx.call(() -> cell.getContextMenu().getItems().stream().map(i -> String.valueOf(
                i.getText() == null ? "" : i.getText())).toList()), "a right click opens the row's menu");
        Fx.run(() -> Event.fireEvent(window.list(), new ContextMenuEvent(ContextMenuEvent.CONTEXT_MENU_REQUESTED, 10, 10,
                10, 10, true, null)));
        Optional<ContextMenu> menu = Fx.call(() -> Window.getWindows().stream()
                .filter(w -> w instanceof ContextMenu c && c.isShowing()).map(w -> (ContextMenu) w).findFirst());
        assertTrue(menu.isPresent(), "the keyboard's menu key opens the selected row's menu");
        assertEquals(expected, Fx.call(() -> menu.get().getItems().stream().map(i -> String.valueOf(
                i.getText() == null ? "" : i.getText())).toList()));
        assertTrue(Fx.call(() -> window.menuItem("ops", "endItem").isDisable()), "no session of ops to end");
        assertTrue(Fx.call(() -> window.menuItem("loop-a", "copyItem").isDisable()), "a broken profile has no session to copy");
        window.choose("ops", "copyAccountItem");
        window.awaitStatus("Copied the account ID 123456789012");
    }

    @Test
    void theFilterKeepsTheProfilesWhoseNameRoleAccountOrRegionMatches() throws Exception {
        WindowLookups window = openWindow();
        TextField filter = (TextField) window.in("#filter");
        robot.clickOn(filter).write("ops");
        assertEquals(List.of("ops"), window.names());
        assertEquals(List.of("sandbox · 123456789012"), window.groups());
        Fx.run(() -> filter.setText("EU-WEST"));
        assertEquals(List.of("admin"), window.names(), "the region, in any case");
        Fx.run(() -> filter.setText("nothing like it"));
        assertEquals(List.of(), window.names());
        assertEquals("No profile matches “nothing like it”.", Fx.call(() -> ((Label) window.list().getPlaceholder()).getText()));
        Fx.run(() -> filter.setText(""));
        assertEquals(5, window.names().size());
    }

    @Test
    void theInfoBarSaysHowMuchAMessageMattersInAGlyphAndColourAndCanBeDismissed() throws Exception {
        WindowLookups window = openWindow();
        Node bar = window.in("#infoBar");
        assertFalse(Fx.call(bar::isVisible), "nothing to say yet");
        robot.clickOn(window.primary("loop-a"));
        String said = window.awaitStatus("loop-a");
        assertTrue(said.contains("source_profile"), said);
        assertTrue(Fx.call(() -> bar.getPseudoClassStates().contains(PseudoClass.getPseudoClass("error"))));
        assertEquals("✕", Fx.call(() -> ((Label) window.in("#infoGlyph")).getText()));

        // (The info state of a running action is seen in ProfilesWindowRotateTest, an action button in ProfilesWindowDetailsTest.)
        window.choose("ops", "copyAccountItem");
        window.awaitStatus("Copied the account ID 123456789012");
        assertTrue(Fx.call(() -> bar.getPseudoClassStates().contains(PseudoClass.getPseudoClass("success"))));
        assertFalse(Fx.call(() -> bar.getPseudoClassStates().contains(PseudoClass.getPseudoClass("error"))));
        assertEquals("✓", Fx.call(() -> ((Label) window.in("#infoGlyph")).getText()));

        robot.clickOn(window.in("#dismissInfo"));
        assertFalse(Fx.call(bar::isVisible), "dismissed");
    }

    @Test
    void removeKeysAsksFirstNamingTheProfilesThatLoseThemAndCancelKeepsThem() throws Exception {
        WindowLookups window = openWindow();
        window.choose("ops", "removeItem");
        Stage ask = Fx.awaitStage("Remove keys");
        String said = Fx.call(() -> ask.getScene().getRoot().lookupAll(".label").stream().map(n -> ((Label) n).getText())
                .filter(t -> t != null && t.contains("can no longer")).findFirst().orElse(""));
        assertTrue(said.contains("admin, ops can no longer be unlocked"), said);
        robot.clickOn(robot.from(ask.getScene().getRoot()).lookup("Cancel").queryAs(Node.class));
        assertTrue(world.engine.vault().profiles().contains("alice"), "Cancel removes nothing");

        window.choose("ops", "removeItem");
        Stage again = Fx.awaitStage("Remove keys");
        PasswordField password = (PasswordField) again.getScene().lookup("#removePassword");
        assertNotNull(password, "the vault is locked: the password is asked with the question");
        robot.clickOn(password).write(TrayUiWorld.PASSWORD);
        robot.clickOn(robot.from(again.getScene().getRoot()).lookup("Remove keys").queryAs(Node.class));
        window.awaitStatus("Removed the keys of alice from the vault");
        assertFalse(world.engine.vault().profiles().contains("alice"));
    }
}
