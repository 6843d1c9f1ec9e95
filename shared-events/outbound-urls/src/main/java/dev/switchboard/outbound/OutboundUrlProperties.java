package dev.switchboard.outbound;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the outbound URL policy lets through besides public https hosts.
 *
 * @param allowHttp whether plain {@code http} URLs are allowed (the local profile only:
 * the simulators speak http)
 * @param allowedHosts hosts whose addresses are not checked: {@code host} (default port
 * of the scheme), {@code host:port}, or {@code host:*} (any port; local and test
 * configuration only), e.g. {@code localhost:8090} for the simulators
 * @param resolutionTtl how long a host's checked resolution is reused before it is
 * resolved again (DNS can change)
 */
@Validated
@ConfigurationProperties("switchboard.outbound")
public record OutboundUrlProperties(@DefaultValue("false") boolean allowHttp, @DefaultValue( {
	}) @NotNull List<@NotNull @Pattern(
			regexp = "(?i)([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:([0-9]{1,5}|\\*))?") String> allowedHosts,
		@DefaultValue("30s") @NotNull Duration resolutionTtl){

	/** Nothing but public https hosts. */
	public static OutboundUrlProperties strict() {
		return new OutboundUrlProperties(false, List.of(), Duration.ofSeconds(30));
	}

}
