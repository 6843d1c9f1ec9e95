package dev.switchboard.orders.tenants;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Per-tenant order handling: which branches sync to CBB, which template confirms an
 * order, in which language and through which channel.
 *
 * @param tenants the tenants with order handling; orders of other tenants are stored but
 * neither synced nor confirmed
 */
@Validated
@ConfigurationProperties("switchboard.orders")
public record OrderTenantProperties(@Valid List<TenantOrders> tenants) {

	public OrderTenantProperties {
		tenants = (tenants != null) ? List.copyOf(tenants) : List.of();
	}

	public Optional<TenantOrders> tenant(String tenantId) {
		return this.tenants.stream().filter((tenant) -> tenant.tenantId().equals(tenantId)).findFirst();
	}

	/**
	 * One tenant's order handling.
	 *
	 * @param tenantId the tenant
	 * @param template confirmation template name (default
	 * {@code order_confirmation_global})
	 * @param defaultLanguage template language of branches without their own (default
	 * {@code en})
	 * @param languages template language by branch (default {@code il→he}, {@code ro→ro})
	 * @param syncBranches branches whose customers are synced to CBB (default {@code il})
	 * @param defaultChannel channel of branches without their own
	 * @param channels confirmation channel by branch
	 * @param phoneNumberIds Meta phone number id by channel (absent for CBB channels)
	 * @param cbb the tenant's CBB account, required when a branch syncs
	 */
	public record TenantOrders(@NotBlank String tenantId, String template, String defaultLanguage,
			Map<String, String> languages, List<String> syncBranches, String defaultChannel,
			Map<String, String> channels, Map<String, String> phoneNumberIds, @Valid CbbAccount cbb) {

		public TenantOrders {
			template = (template != null && !template.isBlank()) ? template : "order_confirmation_global";
			defaultLanguage = (defaultLanguage != null && !defaultLanguage.isBlank()) ? defaultLanguage : "en";
			languages = (languages != null) ? Map.copyOf(languages) : Map.of("il", "he", "ro", "ro");
			syncBranches = (syncBranches != null) ? List.copyOf(syncBranches) : List.of("il");
			channels = (channels != null) ? Map.copyOf(channels) : Map.of();
			phoneNumberIds = (phoneNumberIds != null) ? Map.copyOf(phoneNumberIds) : Map.of();
		}

		public boolean syncs(String branch) {
			return this.syncBranches.contains(branch) && this.cbb != null;
		}

		public String language(String branch) {
			return this.languages.getOrDefault(branch, this.defaultLanguage);
		}

		/** The branch's confirmation channel, empty when none is configured. */
		public Optional<String> channel(String branch) {
			return Optional.ofNullable(this.channels.getOrDefault(branch, this.defaultChannel));
		}

		public String phoneNumberId(String channelId) {
			return this.phoneNumberIds.get(channelId);
		}

	}

	/**
	 * A CBB account and how order data maps onto its contact custom fields.
	 *
	 * @param baseUrl API base, e.g. {@code https://app.chatgptbuilder.io/api}
	 * @param accessToken {@code X-ACCESS-TOKEN}; never logged
	 * @param fields custom fields to fill, by CBB field name
	 */
	public record CbbAccount(@NotBlank String baseUrl, @NotBlank String accessToken, @Valid List<CbbField> fields) {

		public CbbAccount {
			fields = (fields != null) ? List.copyOf(fields) : List.of();
		}

		@Override
		public String toString() {
			return "CbbAccount[baseUrl=" + this.baseUrl + ", accessToken=***, fields=" + this.fields + "]";
		}

	}

	/**
	 * One custom field of the contact.
	 *
	 * @param name CBB field name (creation addresses fields by name)
	 * @param id CBB field id, looked up by name when absent
	 * @param value the order attribute it holds, e.g. {@code order_number} (see
	 * {@code CbbAttribute})
	 */
	public record CbbField(@NotBlank String name, String id, @NotBlank String value) {
	}

}
