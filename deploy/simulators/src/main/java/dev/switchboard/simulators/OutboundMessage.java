package dev.switchboard.simulators;

/**
 * An accepted outgoing message whose statuses the simulator will report.
 *
 * @param phoneNumberId business phone number that sent it
 * @param wamid id returned by the send
 * @param recipientId recipient digits
 * @param bizOpaqueCallbackData callback data to echo in statuses, or null
 */
record OutboundMessage(String phoneNumberId, String wamid, String recipientId, String bizOpaqueCallbackData) {
}
