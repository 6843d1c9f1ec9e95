/**
 * Group commit: items handed in one by one, processed in batches. Generic, no messaging
 * types.
 */
package dev.switchboard.messaging.messages.status.batching;
