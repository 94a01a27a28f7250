package com.zapigateway.sync;

import java.util.List;

import com.zapigateway.zapi.ZapiListedInstance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the sync bounds and sanitises Z-API's undocumented payment statuses.
 */
class ListedValuesTests {

	@Test
	void keepsWhatFitsExactlyAsSent() {
		assertThat(ListedValues.paymentStatus(null)).isNull();
		for (String sent : List.of("PAID", " trial ", "x".repeat(64), "Pagamento em análise", "\uD83D\uDE00 ok",
				"\uE000private")) {
			assertThat(ListedValues.paymentStatus(sent)).as(sent).isEqualTo(sent);
		}
	}

	@Test
	void replacesControlFormatUnassignedAndUnpairedSurrogateCharacters() {
		assertThat(ListedValues.paymentStatus("a\tb\u007fc\u0085d\u200be\u202ef\uDC00g\u0378h"))
			.isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\uFFFDh");
	}

	@Test
	void cutsTo64CodePointsEndingWithAnEllipsis() {
		assertThat(ListedValues.paymentStatus("x".repeat(65))).isEqualTo("x".repeat(63) + "\u2026");
		String cut = ListedValues.paymentStatus("\uD83D\uDE00".repeat(64) + "!");
		assertThat(cut).isEqualTo("\uD83D\uDE00".repeat(63) + "\u2026");
		assertThat(cut.codePointCount(0, cut.length())).isEqualTo(64);
		assertThat(ListedValues.paymentStatus("\uD83D\uDE00".repeat(64))).isEqualTo("\uD83D\uDE00".repeat(64));
	}

	@Test
	void countsWhatItChangedAndLeavesOutIdsThatCannotBeStored() {
		ListedValues values = new ListedValues();
		List<ZapiListedInstance> page = List.of(new ZapiListedInstance("A", "t", null, null, "PAID"),
				new ZapiListedInstance("B", "t", null, null, "P".repeat(100)),
				new ZapiListedInstance("C\0", "t", null, null, "PAID"),
				new ZapiListedInstance("D", "t", null, null, null));

		List<ZapiListedInstance> storable = values.storable(page);

		assertThat(storable).extracting(ZapiListedInstance::id).containsExactly("A", "B", "D");
		assertThat(storable.get(0)).isSameAs(page.get(0));
		assertThat(storable.get(1).paymentStatus()).isEqualTo("P".repeat(63) + "\u2026");
		assertThat(storable.get(1).token()).isEqualTo("t");
		assertThat(values.sanitised()).isOne();
	}

}
