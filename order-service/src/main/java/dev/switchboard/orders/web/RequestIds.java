package dev.switchboard.orders.web;

import java.util.regex.Pattern;

import dev.switchboard.orders.Ids;

/** Request and correlation ids: accepted when well-formed, generated otherwise. */
final class RequestIds {

	/** What an incoming id may look like; anything else is replaced, not echoed. */
	private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	private RequestIds() {
	}

	static boolean isAcceptable(String id) {
		return id != null && ACCEPTED.matcher(id).matches();
	}

	static String generate() {
		return Ids.random().toString();
	}

}
