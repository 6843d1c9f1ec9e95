/**
 * Trace ids of the current work, for what is stored beside messages.
 */
package dev.switchboard.messaging.tracing;
