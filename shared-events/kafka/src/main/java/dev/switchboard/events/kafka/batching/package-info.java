/**
 * Group commit: items handed in one by one (typically by a consumer's handler, several
 * records at once), processed in batches, e.g. one database statement per batch.
 */
package dev.switchboard.events.kafka.batching;
