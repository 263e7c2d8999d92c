package dev.tokentray.tray.ui;

import dev.tokentray.core.ProfileGroups;
import dev.tokentray.core.ProfileStatus;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.beans.value.ChangeListener;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The selected profile in full: where its credentials come from (the chain), its role's ARN, the
 * account, region and MFA device, the session's length asked for against the one made, its last
 * renewal and its wiring. It follows the row's status, so it changes when a reload brings news.
 */
final class ProfileDetailsPane extends VBox {
    private final Label heading = new Label("Select a profile to see where its credentials come from.");
    private final Map<String, Label> values = new LinkedHashMap<>();
    private final Map<String, Label> names = new LinkedHashMap<>();
    private final GridPane grid = new GridPane();
    private final ChangeListener<ProfileStatus> refresher = (o, was, now) -> show(now);
    private ProfileRow shown;

    ProfileDetailsPane() {
        super(10);
        setId("details");
        getStyleClass().add("details");
        heading.getStyleClass().add("details-heading");
        heading.setWrapText(true);
        grid.setHgap(10);
        grid.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ColumnConstraints texts = new ColumnConstraints();
        texts.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, texts);
        field("detailsState", "State");
        field("detailsChain", "Chain");
        field("detailsRole", "Role");
        field("detailsAccount", "Account");
        field("detailsRegion", "Region");
        field("detailsMfa", "MFA device");
        field("detailsDuration", "Session");
        field("detailsRenewal", "Last renewal");
        field("detailsWiring", "AWS CLI");
        field("detailsError", "Problem");
        getChildren().addAll(heading, grid);
        show(null);
    }

    private void field(String id, String label) {
        Label name = new Label(label);
        name.getStyleClass().add("detail");
        Label value = new Label();
        value.setId(id);
        value.setWrapText(true);
        value.setAccessibleHelp(label);
        int rowIndex = values.size();
        grid.addRow(rowIndex, name, value);
        name.setLabelFor(value);
        values.put(id, value);
        names.put(id, name);
    }

    /** Shows {@code row} (null: none), following its status from now on. */
    void follow(ProfileRow row) {
        Label state = values.get("detailsState");
        state.textProperty().unbind();
        if (shown != null) {
            shown.statusProperty().removeListener(refresher);
        }
        shown = row;
        if (row != null) {
            row.statusProperty().addListener(refresher);
        }
        show(row == null ? null : row.status());
        if (row != null) {
            // The state moves with the countdown (live turns expiring between reloads).
            state.textProperty().bind(row.stateTextProperty());
        }
    }

    private void show(ProfileStatus p) {
        grid.setVisible(p != null);
        if (p == null) {
            heading.setText("Select a profile to see where its credentials come from.");
            return;
        }
        heading.setText(p.profile());
        set("detailsState", shown == null ? null : shown.stateTextProperty().get());
        set("detailsChain", ProfileGroups.chain(p));
        set("detailsRole", p.roleArn() == null ? (p.keys() == null ? null : "none: the profile's own keys (" + p.keys() + ")")
                : p.roleArn());
        String account = p.account();
        set("detailsAccount", account == null ? null : p.lineage().accountAlias() == null ? account
                : p.lineage().accountAlias() + " · " + account);
        set("detailsRegion", p.region());
        set("detailsMfa", p.mfaSerial());
        set("detailsDuration", ProfileGroups.durationText(p));
        set("detailsRenewal", ProfileGroups.lastRenewal(p, ZoneId.systemDefault()));
        set("detailsWiring", p.wiredAs().isEmpty() ? null : "wired as " + String.join(", ", p.wiredAs()));
        set("detailsError", p.error());
    }

    /** A field shows only when it has something to say. */
    private void set(String id, String text) {
        Label value = values.get(id);
        if (value.textProperty().isBound()) {
            return;
        }
        boolean known = text != null && !text.isEmpty();
        value.setText(known ? text : "");
        for (Label l : new Label[] {value, names.get(id)}) {
            l.setVisible(known);
            l.setManaged(known);
        }
    }
}
