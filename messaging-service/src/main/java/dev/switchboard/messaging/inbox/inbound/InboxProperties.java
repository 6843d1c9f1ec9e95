package dev.switchboard.messaging.inbox.inbound;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The inbox's inbound consumer.
 *
 * @param contactsInFlightPerPartition inbound messages of one partition handled at once
 * (those of one contact, by Kafka key, always one after the other)
 */
@Validated
@ConfigurationProperties("switchboard.messaging.inbox")
record InboxProperties(@DefaultValue("16") @Min(1) @Max(256) int contactsInFlightPerPartition) {
}
