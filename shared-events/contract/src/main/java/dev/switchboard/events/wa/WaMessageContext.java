package dev.switchboard.events.wa;

import java.util.Map;

/**
 * {@code messages[].context}: what an inbound message replies to or where it came from.
 *
 * @param from business display number of the quoted or origin message, may be null
 * @param id wamid of the quoted message, tapped template or interactive message, may be
 * null
 * @param forwarded forwarded five times or fewer, may be null
 * @param frequentlyForwarded forwarded more than five times, may be null
 * @param referredProduct {@code referred_product} of a product inquiry
 * ({@code catalog_id}, {@code product_retailer_id}) verbatim, may be null
 */
public record WaMessageContext(String from, String id, Boolean forwarded, Boolean frequentlyForwarded,
		Map<String, Object> referredProduct) {

	public WaMessageContext {
		referredProduct = WaMaps.copy(referredProduct);
	}

}
