package dev.switchboard.templates.rules;

/**
 * A template's button as the recipient sees it.
 *
 * @param index the button's position in the template
 * @param type URL, QUICK_REPLY, PHONE_NUMBER, COPY_CODE, …
 * @param text its label
 * @param value what it does: the URL with its suffix filled in, the phone number, the
 * quick reply's payload, the coupon code; null when it has none
 */
public record RenderedButton(int index, String type, String text, String value) {

}
