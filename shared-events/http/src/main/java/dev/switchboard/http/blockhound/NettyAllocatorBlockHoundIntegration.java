package dev.switchboard.http.blockhound;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Netty's adaptive buffer allocator (its default since 4.2) guards a magazine with a
 * short lock; an event loop growing its magazines while another thread frees a buffer
 * into one parks for microseconds. That is not I/O, and Netty's own BlockHound rules do
 * not cover it yet. Reported where they are missed, the error reaches the channel that
 * was reading, which closes it: a database connection lost in the middle of a
 * transaction, in tests only.
 */
public class NettyAllocatorBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free")
			.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
	}

}
