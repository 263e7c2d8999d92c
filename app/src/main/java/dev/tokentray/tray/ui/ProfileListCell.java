package dev.tokentray.tray.ui;

import dev.tokentray.core.ProfileStatus;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * A line of the profiles list: an account's header with its MFA sessions (each with End), or a
 * profile: its state (a glyph and a word), name, wiring badge, role (its ARN in a tooltip), account
 * with a copy button, region, time left with the bar, its primary action and a ⋯ menu. The nodes
 * are made once per cell and follow the item's properties, so a tooltip being read stays open
 * while the countdowns tick and the list reloads.
 */
final class ProfileListCell extends ListCell<ProfileListItem> {
    private static final PseudoClass HEADER = PseudoClass.getPseudoClass("header");

    private final ProfilesController window;

    // A profile's row.
    private final Label state = new Label();
    private final Label name = new Label();
    private final Label wiring = new Label();
    private final Tooltip wiringTip = new Tooltip();
    private final Label role = new Label();
    private final Tooltip roleTip = new Tooltip();
    private final Label account = new Label();
    private final Button copyAccount = new Button();
    private final Label region = new Label();
    private final CountdownBar countdown = new CountdownBar();
    private final Button primary = new Button();
    private final MenuButton more = new MenuButton("⋯");
    private final HBox row;
    private final ChangeListener<ProfileStatus.State> restate = (o, was, now) -> restate(now);

    // An account's header.
    private final Label title = new Label();
    private final Button copyGroupAccount = new Button();
    private final HBox mfaLines = new HBox(14);
    private final HBox header;
    private final ListChangeListener<GroupHeader.MfaLine> relines = c -> showMfaLines();

    private ProfileListItem item;

    ProfileListCell(ProfilesController window) {
        this.window = window;
        state.getStyleClass().add("state");
        state.setMinWidth(Region.USE_PREF_SIZE);
        name.getStyleClass().add("profile-name");
        // The name is the last thing to be cut short: the role gives way first.
        name.setMinWidth(Region.USE_PREF_SIZE);
        // A short badge in the row ("wired"); the wired profile's name in its tooltip and the details.
        wiring.getStyleClass().addAll("badge", "wiring");
        wiring.setMinWidth(Region.USE_PREF_SIZE);
        wiring.visibleProperty().bind(wiring.textProperty().isNotEmpty());
        wiring.managedProperty().bind(wiring.visibleProperty());
        wiringTip.setShowDuration(javafx.util.Duration.INDEFINITE);
        wiring.setTooltip(wiringTip);
        role.getStyleClass().add("role");
        role.setMinWidth(60);
        role.setPrefWidth(200);
        role.setMaxWidth(260);
        // An ARN takes longer than the default 5 seconds to read: it stays while the mouse does.
        roleTip.setShowDuration(javafx.util.Duration.INDEFINITE);
        role.setTooltip(roleTip);
        account.getStyleClass().add("account");
        account.setMinWidth(Region.USE_PREF_SIZE);
        styleCopy(copyAccount);
        copyAccount.setOnAction(e -> window.copyAccount(account.getText()));
        copyAccount.visibleProperty().bind(account.textProperty().isNotEmpty());
        copyAccount.managedProperty().bind(copyAccount.visibleProperty());
        region.getStyleClass().addAll("badge", "region");
        region.setMinWidth(Region.USE_PREF_SIZE);
        region.visibleProperty().bind(region.textProperty().isNotEmpty());
        region.managedProperty().bind(region.visibleProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        countdown.setMinWidth(Region.USE_PREF_SIZE);
        primary.getStyleClass().add("primary-action");
        // Rows stay aligned whatever the action's word; Enter and the menu key reach it from the list.
        primary.setMinWidth(76);
        primary.setPrefWidth(76);
        primary.setFocusTraversable(false);
        primary.setOnAction(e -> {
            if (item instanceof ProfileRow r) {
                getListView().getSelectionModel().select(r);
                window.primary(r);
            }
        });
        more.getStyleClass().add("more");
        more.setMinWidth(Region.USE_PREF_SIZE);
        more.setFocusTraversable(false);
        row = new HBox(8, state, name, wiring, role, account, copyAccount, region, spacer, countdown, primary, more);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("profile-row");

        title.getStyleClass().add("group-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        styleCopy(copyGroupAccount);
        copyGroupAccount.setOnAction(e -> {
            if (item instanceof GroupHeader h) {
                window.copyAccount(h.accountProperty().get());
            }
        });
        Region headerSpacer = new Region();
        HBox.setHgrow(headerSpacer, Priority.ALWAYS);
        mfaLines.setAlignment(Pos.CENTER_RIGHT);
        header = new HBox(8, title, copyGroupAccount, headerSpacer, mfaLines);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("group-header");
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        // A cell as wide as the list, not as its content: the role's name gives way, and the time
        // left and the actions stay in view at the right edge.
        setPrefWidth(0);
    }

    private static void styleCopy(Button copy) {
        copy.setText(null);
        copy.setGraphic(copyIcon());
        copy.setAccessibleText("Copy the account ID");
        copy.getStyleClass().add("copy");
        copy.setMinWidth(Region.USE_PREF_SIZE);
        copy.setTooltip(new Tooltip("Copy the account ID"));
        copy.setFocusTraversable(false);
    }

    /** Two overlapping sheets, drawn so that they stay crisp at any scale (no font has to carry the glyph). */
    private static javafx.scene.Node copyIcon() {
        javafx.scene.shape.SVGPath icon = new javafx.scene.shape.SVGPath();
        icon.setContent("M3 1h7v2H4v7H2V2a1 1 0 0 1 1-1zm3 4h7a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zm1 2v5h5V7z");
        icon.getStyleClass().add("copy-icon");
        return icon;
    }

    @Override
    protected void updateItem(ProfileListItem next, boolean empty) {
        super.updateItem(next, empty);
        unbind();
        item = empty ? null : next;
        pseudoClassStateChanged(HEADER, item instanceof GroupHeader);
        if (item instanceof ProfileRow r) {
            showRow(r);
        } else if (item instanceof GroupHeader h) {
            showHeader(h);
        } else {
            setGraphic(null);
            setContextMenu(null);
        }
    }

    private void unbind() {
        for (Label l : new Label[] {state, name, wiring, role, account, region, title}) {
            l.textProperty().unbind();
        }
        roleTip.textProperty().unbind();
        wiringTip.textProperty().unbind();
        wiring.accessibleTextProperty().unbind();
        primary.textProperty().unbind();
        primary.accessibleTextProperty().unbind();
        more.accessibleTextProperty().unbind();
        accessibleTextProperty().unbind();
        copyGroupAccount.visibleProperty().unbind();
        copyGroupAccount.managedProperty().unbind();
        countdown.bind(null);
        if (item instanceof ProfileRow r) {
            r.stateProperty().removeListener(restate);
        } else if (item instanceof GroupHeader h) {
            h.mfa().removeListener(relines);
        }
    }

    private void showRow(ProfileRow r) {
        state.textProperty().bind(r.stateTextProperty());
        name.setText(r.profile());
        wiring.textProperty().bind(Bindings.when(r.wiringProperty().isEmpty()).then("").otherwise("wired"));
        wiring.accessibleTextProperty().bind(r.wiringProperty());
        wiringTip.textProperty().bind(Bindings.concat(r.wiringProperty(), ": the AWS CLI and SDKs reach ", r.profile(),
                " through that profile in ~/.aws/config, which runs tokentray's shim."));
        role.textProperty().bind(r.roleProperty());
        roleTip.textProperty().bind(r.roleTipProperty());
        account.textProperty().bind(r.accountProperty());
        region.textProperty().bind(r.regionProperty());
        countdown.bind(r);
        primary.textProperty().bind(r.primaryProperty());
        primary.accessibleTextProperty().bind(Bindings.concat(r.primaryProperty(), " ", r.profile()));
        more.accessibleTextProperty().set("More actions for " + r.profile());
        more.getItems().setAll(window.menuFor(r));
        accessibleTextProperty().bind(Bindings.concat(r.profile(), ", ", r.stateTextProperty(), ", ", r.leftProperty()));
        setContextMenu(new ContextMenu(window.menuFor(r).toArray(javafx.scene.control.MenuItem[]::new)));
        r.stateProperty().addListener(restate);
        restate(r.stateProperty().get());
        setGraphic(row);
    }

    private void restate(ProfileStatus.State now) {
        for (ProfileStatus.State s : ProfileStatus.State.values()) {
            state.pseudoClassStateChanged(PseudoClass.getPseudoClass(s.name().toLowerCase(java.util.Locale.ROOT)), s == now);
        }
    }

    private void showHeader(GroupHeader h) {
        title.textProperty().bind(h.titleProperty());
        accessibleTextProperty().bind(Bindings.concat("Account ", h.titleProperty()));
        copyGroupAccount.visibleProperty().bind(h.accountProperty().isNotEmpty());
        copyGroupAccount.managedProperty().bind(copyGroupAccount.visibleProperty());
        h.mfa().addListener(relines);
        showMfaLines();
        setContextMenu(null);
        setGraphic(header);
    }

    /** One label and End button per MFA device of the group: rebuilt only when the devices change. */
    private void showMfaLines() {
        mfaLines.getChildren().clear();
        if (!(item instanceof GroupHeader h)) {
            return;
        }
        for (GroupHeader.MfaLine line : h.mfa()) {
            Label text = new Label();
            text.getStyleClass().add("mfa-session");
            text.textProperty().bind(line.textProperty());
            Button end = new Button("End");
            end.getStyleClass().add("end-mfa");
            end.setAccessibleText("End the MFA session of " + line.serial());
            end.setTooltip(new Tooltip("Ends the MFA session: the roles chained from it keep their sessions until they"
                    + " expire, and the next new one asks for a code."));
            end.visibleProperty().bind(line.liveProperty());
            end.managedProperty().bind(end.visibleProperty());
            end.setOnAction(e -> window.endMfaSession(line.keyProfile(), line.serial()));
            HBox box = new HBox(6, text, end);
            box.setAlignment(Pos.CENTER_RIGHT);
            mfaLines.getChildren().add(box);
        }
    }
}
