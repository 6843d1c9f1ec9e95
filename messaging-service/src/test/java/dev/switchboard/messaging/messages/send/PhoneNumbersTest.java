package dev.switchboard.messaging.messages.send;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneNumbersTest {

	@BeforeAll
	static void preload() {
		PhoneNumbers.preload();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "+972500000001|+972500000001", "+972 50-000-0001|+972500000001",
			"+972 (50) 000.0001|+972500000001", "00972500000001|+972500000001", "  +972500000001  |+972500000001",
			"+40 721 234 567|+40721234567", "+1 650 555 1234|+16505551234", "+44 7911 123456|+447911123456" })
	void internationalNumbersBecomeE164(String input, String e164) {
		assertThat(PhoneNumbers.toE164(input)).contains(e164);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "972500000001", "0500000001", "+1234", "+97250000000123456789", "hello", "+", "+972abc",
			"+972500000001 ext. 12", "+999123456789" })
	void everythingElseIsInvalid(String input) {
		assertThat(PhoneNumbers.toE164(input)).isEmpty();
	}

}
