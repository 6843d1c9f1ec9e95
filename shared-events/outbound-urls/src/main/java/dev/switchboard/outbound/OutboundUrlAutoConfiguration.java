package dev.switchboard.outbound;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link OutboundUrlPolicy} from {@code switchboard.outbound.*}, names resolved by
 * the application's {@link HostResolver} bean when it declares one (tests), else by the
 * JDK.
 */
@AutoConfiguration
@EnableConfigurationProperties(OutboundUrlProperties.class)
public class OutboundUrlAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OutboundUrlPolicy outboundUrlPolicy(OutboundUrlProperties properties, ObjectProvider<HostResolver> resolver) {
		return new OutboundUrlPolicy(properties, resolver.getIfAvailable(() -> HostResolver.JDK));
	}

}
