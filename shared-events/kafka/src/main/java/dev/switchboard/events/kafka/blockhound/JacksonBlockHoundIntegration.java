package dev.switchboard.events.kafka.blockhound;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Jackson builds a type's deserializer once, under a short lock; a second thread reading
 * the same new type meanwhile parks for microseconds. That is not I/O, and every service
 * decodes events and bodies on non-blocking threads.
 */
public class JacksonBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache",
				"_createAndCacheValueDeserializer");
	}

}
