/**
 * What the status fold reads and writes in PostgreSQL (R2DBC): the messages' delivery
 * state and wamid locks, the statuses held until their wamid is known, and the purges of
 * what the fold leaves behind.
 */
package dev.switchboard.messaging.messages.status.store;
