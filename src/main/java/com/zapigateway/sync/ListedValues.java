package com.zapigateway.sync;

import java.util.ArrayList;
import java.util.List;

import com.zapigateway.zapi.ZapiListedInstance;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Makes what one sync pass reads from Z-API's listing storable, so that one odd value
 * never costs the page it came in. Of a listed instance the sync stores its {@code due}
 * (read by the Z-API client only within 2000-2200, else unknown and kept as it was) and
 * its {@code paymentStatus}, whose values Z-API does not document: that one is bounded
 * and sanitised here. Ids are only looked up; the client already drops ids longer than
 * the column (255), and an id with a NUL (which PostgreSQL cannot take as text, so never
 * one the gateway stores) is left out of the lookup here. Names and tokens are not stored
 * by the sync.
 * <p>
 * One instance per pass: it counts what it changed and {@link #warnOnce logs it once}.
 */
final class ListedValues {

	/** {@code instances.payment_status} is {@code varchar(64)}: characters. */
	static final int MAX_PAYMENT_STATUS = 64;

	/** Stands for any character that is not stored as sent. */
	static final char REPLACEMENT = '\uFFFD';

	/** Ends a payment status cut to the column. */
	static final char ELLIPSIS = '\u2026';

	private int paymentStatuses;

	private int ids;

	private @Nullable String example;

	/**
	 * One page as it can be stored: payment statuses bounded and sanitised, instances
	 * whose id cannot be stored left out.
	 * @param page the page as Z-API listed it
	 * @return the page to store
	 */
	List<ZapiListedInstance> storable(List<ZapiListedInstance> page) {
		List<ZapiListedInstance> storable = new ArrayList<>(page.size());
		for (ZapiListedInstance instance : page) {
			if (instance.id().indexOf('\0') >= 0) {
				this.ids++;
				continue;
			}
			String sent = instance.paymentStatus();
			String paymentStatus = paymentStatus(sent);
			if (sent != null && paymentStatus != null && !paymentStatus.equals(sent)) {
				this.paymentStatuses++;
				if (this.example == null) {
					this.example = "instance " + instance.id() + ": " + sent.length() + " characters, stored as '"
							+ paymentStatus + "'";
				}
				instance = new ZapiListedInstance(instance.id(), instance.token(), instance.name(), instance.due(),
						paymentStatus);
			}
			storable.add(instance);
		}
		return storable;
	}

	/**
	 * How many payment statuses were stored other than as sent.
	 * @return the count
	 */
	int sanitised() {
		return this.paymentStatuses;
	}

	/**
	 * Logs, once, what this pass did not store as sent.
	 * @param log where
	 */
	void warnOnce(Logger log) {
		if (this.paymentStatuses > 0) {
			log.warn(
					"Z-API listed {} payment status(es) longer than {} characters or with control, format or"
							+ " unpaired surrogate characters; stored bounded and sanitised (e.g. {})",
					this.paymentStatuses, MAX_PAYMENT_STATUS, this.example);
		}
		if (this.ids > 0) {
			log.warn("Z-API listed {} instance(s) whose id contains a NUL character; not looked up (the gateway"
					+ " cannot have stored them)", this.ids);
		}
	}

	/**
	 * A payment status as it is stored: each control (C0, DEL, C1), format, unassigned or
	 * unpaired surrogate character replaced by U+FFFD, and cut to 64 characters (code
	 * points), the last one then U+2026. Anything else is kept exactly as sent, so a
	 * value is changed only if it could not equal one of
	 * {@code gateway.sync.subscribed-payment-statuses} (1-64 printable ASCII characters),
	 * and exact comparisons stay exact.
	 * @param sent the payment status as Z-API sent it
	 * @return the value to store
	 */
	static @Nullable String paymentStatus(@Nullable String sent) {
		if (sent == null) {
			return null;
		}
		StringBuilder stored = new StringBuilder(Math.min(sent.length(), 2 * MAX_PAYMENT_STATUS));
		int count = 0;
		for (int i = 0; i < sent.length(); i = sent.offsetByCodePoints(i, 1)) {
			if (count == MAX_PAYMENT_STATUS) {
				// one more than fits: the last one kept gives way to the ellipsis
				stored.setLength(stored.length() - Character.charCount(stored.codePointBefore(stored.length())));
				stored.append(ELLIPSIS);
				break;
			}
			int codePoint = sent.codePointAt(i);
			stored.appendCodePoint(storable(codePoint) ? codePoint : REPLACEMENT);
			count++;
		}
		return stored.toString();
	}

	private static boolean storable(int codePoint) {
		return switch (Character.getType(codePoint)) {
			case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED -> false;
			default -> true;
		};
	}

}
