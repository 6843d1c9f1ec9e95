package dev.switchboard.orders.intake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneNumbersTest {

	@Test
	void anIsraeliMobileWithTrunkZeroBecomesE164() {
		assertThat(PhoneNumbers.e164("+972", "0500000001")).contains("+972500000001");
		assertThat(PhoneNumbers.e164("+972", "050-000-0001")).contains("+972500000001");
	}

	@Test
	void aKazakhMobileStartingWithTheCallingCodeDigitKeepsItsCountryCode() {
		// The original prefix test turned +7 / 7012345678 into 7012345678.
		assertThat(PhoneNumbers.e164("+7", "7012345678")).contains("+77012345678");
	}

	@Test
	void aNumberRepeatingItsCallingCodeIsUnderstood() {
		assertThat(PhoneNumbers.e164("+972", "972500000001")).contains("+972500000001");
		assertThat(PhoneNumbers.e164("+972", "+972500000001")).contains("+972500000001");
	}

	@Test
	void romanianAndSwedishNumbers() {
		assertThat(PhoneNumbers.e164("+40", "0721000102")).contains("+40721000102");
		assertThat(PhoneNumbers.e164("+46", "0701234567")).contains("+46701234567");
	}

	@Test
	void missingOrInvalidNumbersAreRefusedNotReplacedByAPlaceholder() {
		assertThat(PhoneNumbers.e164("+972", "")).isEmpty();
		assertThat(PhoneNumbers.e164("+972", null)).isEmpty();
		assertThat(PhoneNumbers.e164("+972", "12")).isEmpty();
		assertThat(PhoneNumbers.e164("", "0000000000")).isEmpty();
	}

}
