package dev.tokentray.tray.ui;

import javafx.beans.value.ChangeListener;
import javafx.geometry.Pos;
import javafx.scene.AccessibleRole;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * A row's time left: a bar spanning the session's length and the text, right-aligned; amber in the
 * last ten minutes (the style class "expiring", its share of them for a shorter session). Its
 * tooltip says how the session was made and when and why it was last renewed. It follows the row's
 * properties, which the window's one timeline moves: nothing here is rebuilt as it ticks.
 */
final class CountdownBar extends HBox {
    private final ProgressBar bar = new ProgressBar(0);
    private final Label text = new Label();
    private final Tooltip renewal = new Tooltip();
    private final ChangeListener<String> tooltipper = (o, was, now) -> showRenewal(now);
    private final ChangeListener<String> restyler = (o, was, now) -> restyle();
    private ProfileRow bound;
    private boolean tooltipShown;

    CountdownBar() {
        super(8);
        getChildren().addAll(bar, text);
        bar.setPrefWidth(90);
        bar.setFocusTraversable(false);
        text.setMinWidth(70);
        text.setPrefWidth(70);
        text.setAlignment(Pos.CENTER_RIGHT);
        setAlignment(Pos.CENTER_RIGHT);
        getStyleClass().add("countdown");
        renewal.setShowDuration(javafx.util.Duration.INDEFINITE);
        setAccessibleRole(AccessibleRole.TEXT);
    }

    void bind(ProfileRow row) {
        bar.progressProperty().unbind();
        bar.visibleProperty().unbind();
        text.textProperty().unbind();
        renewal.textProperty().unbind();
        accessibleTextProperty().unbind();
        if (bound != null) {
            bound.leftProperty().removeListener(restyler);
            bound.renewalProperty().removeListener(tooltipper);
        }
        bound = row;
        if (row == null) {
            showRenewal(null);
            return;
        }
        bar.progressProperty().bind(row.fractionProperty());
        // Only a session has a bar; a locked row keeps its place empty, so the texts stay aligned.
        bar.visibleProperty().bind(row.fractionProperty().greaterThan(0));
        text.textProperty().bind(row.leftProperty());
        accessibleTextProperty().bind(row.leftProperty().concat(" left"));
        renewal.textProperty().bind(row.renewalProperty());
        row.renewalProperty().addListener(tooltipper);
        showRenewal(row.renewalProperty().get());
        row.leftProperty().addListener(restyler);
        restyle();
    }

    /** A tooltip only when there is something to say: an empty one would show as a blank box. */
    private void showRenewal(String note) {
        boolean show = note != null && !note.isEmpty();
        if (show && !tooltipShown) {
            Tooltip.install(this, renewal);
        } else if (!show && tooltipShown) {
            Tooltip.uninstall(this, renewal);
        }
        tooltipShown = show;
    }

    private void restyle() {
        getStyleClass().removeAll("expiring", "locked");
        if (bound == null) {
            return;
        }
        if (bound.expiring()) {
            getStyleClass().add("expiring");
        } else if (!bound.live()) {
            getStyleClass().add("locked");
        }
    }
}
