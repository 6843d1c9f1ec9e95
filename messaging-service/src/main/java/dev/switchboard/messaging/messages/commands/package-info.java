/**
 * Send commands from other services ({@code messaging.commands.v1}): each becomes a
 * stored message (see the send package), which is then delivered (see the delivery
 * package).
 */
package dev.switchboard.messaging.messages.commands;
