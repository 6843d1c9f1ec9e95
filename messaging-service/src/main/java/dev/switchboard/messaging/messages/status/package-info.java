/**
 * Delivery statuses: {@code wa.status.v1} consumed and folded into messages in batches,
 * one transaction each ({@code BatchFold}, falling back to {@code SingleEventFold});
 * statuses recorded on locked messages and announced ({@code StatusRecorder}); statuses
 * of wamids no message has yet correlated or held ({@code StatusCorrelation}). The rules
 * are in {@code fold}, the SQL in {@code store}; batches are gathered by the shared group
 * commit.
 */
package dev.switchboard.messaging.messages.status;
