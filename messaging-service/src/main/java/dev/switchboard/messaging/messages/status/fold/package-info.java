/**
 * The rules of the status fold, in plain Java (no Spring, no database): the delivery
 * statuses and their ranks, how a reported status applies to a message's delivery state,
 * and several statuses to one message.
 */
package dev.switchboard.messaging.messages.status.fold;
