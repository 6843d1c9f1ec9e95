package dev.switchboard.events.wa;

/**
 * One entry of {@code errors[]} of a failed status.
 *
 * @param code Meta error code, e.g. 131047 (re-engagement window closed)
 * @param title short title
 * @param message message (equals title in practice)
 * @param details {@code error_data.details}
 * @param href link to the error documentation
 */
public record WaError(int code, String title, String message, String details, String href) {
}
