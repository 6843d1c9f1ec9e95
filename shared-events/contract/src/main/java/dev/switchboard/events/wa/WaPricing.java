package dev.switchboard.events.wa;

/**
 * {@code statuses[].pricing}.
 *
 * @param billable whether billed (slated for deprecation by Meta), may be null
 * @param pricingModel CBP or PMP
 * @param type regular, free_customer_service, free_entry_point
 * @param category e.g. service, marketing, utility, authentication
 */
public record WaPricing(Boolean billable, String pricingModel, String type, String category) {
}
