package dev.tokentray.tray.ui;

import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * A progress bar and the time left; amber in the last ten minutes (the style class "expiring"), or
 * its share of them for a shorter session. Its tooltip says how the session was made and when and
 * why it was last renewed.
 */
final class CountdownCell extends TableCell<ProfileRow, ProfileRow> {
    private final ProgressBar bar = new ProgressBar(0);
    private final Label text = new Label();
    private final HBox box = new HBox(8, bar, text);
    private final Tooltip renewal = new Tooltip();
    private final javafx.beans.value.ChangeListener<String> tooltipper = (o, was, now) -> showRenewal(now);
    private final javafx.beans.value.ChangeListener<String> restyler = (o, was, now) -> restyle();
    private ProfileRow bound;

    CountdownCell() {
        bar.setPrefWidth(90);
        box.getStyleClass().add("countdown");
    }

    @Override
    protected void updateItem(ProfileRow row, boolean empty) {
        super.updateItem(row, empty);
        bar.progressProperty().unbind();
        text.textProperty().unbind();
        renewal.textProperty().unbind();
        if (bound != null) {
            bound.leftProperty().removeListener(restyler);
            bound.renewalProperty().removeListener(tooltipper);
        }
        bound = empty ? null : row;
        if (bound == null) {
            setTooltip(null);
            setGraphic(null);
            return;
        }
        bar.progressProperty().bind(row.fractionProperty());
        text.textProperty().bind(row.leftProperty());
        renewal.textProperty().bind(row.renewalProperty());
        row.renewalProperty().addListener(tooltipper);
        showRenewal(row.renewalProperty().get());
        row.leftProperty().addListener(restyler);
        restyle();
        setGraphic(box);
    }

    /** A tooltip only when there is something to say: an empty one would show as a blank box. */
    private void showRenewal(String note) {
        setTooltip(note == null || note.isEmpty() ? null : renewal);
    }

    private void restyle() {
        box.getStyleClass().removeAll("expiring", "locked");
        if (bound == null) {
            return;
        }
        if (bound.expiring()) {
            box.getStyleClass().add("expiring");
        } else if (!bound.live()) {
            box.getStyleClass().add("locked");
        }
    }
}
