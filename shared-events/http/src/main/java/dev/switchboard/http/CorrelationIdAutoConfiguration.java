package dev.switchboard.http;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** Request and correlation ids on every request of a reactive service. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class CorrelationIdAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CorrelationIdFilter correlationIdFilter() {
		return new CorrelationIdFilter();
	}

}
