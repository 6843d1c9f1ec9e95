package dev.switchboard.messaging.messages.status.fold;

/**
 * Why a message failed, as the provider reported it.
 *
 * @param code provider error code (Meta's, e.g. 131047), null when there is none
 * @param title short title
 * @param details longer explanation, may be null
 */
public record StatusError(Integer code, String title, String details) {
}
