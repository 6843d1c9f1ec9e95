package dev.switchboard.messaging.messages.send;

/**
 * A request to send a text message.
 *
 * @param to recipient, international format (e.g. {@code +972500000001})
 * @param text the text, 1 to 4096 characters
 * @param channelId channel to send through; the tenant's default channel when absent
 */
record SendMessageRequest(String to, String text, String channelId) {
}
