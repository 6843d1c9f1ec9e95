package dev.switchboard.messaging.messages.delivery;

import dev.switchboard.messaging.channels.Channel;

/**
 * A text message on its way to the provider.
 *
 * @param channel the channel to send through (with its credentials)
 * @param to recipient in E.164
 * @param text the text
 */
public record OutboundText(Channel channel, String to, String text) {
}
